import CLibdw

/// Where an image sits and which build it is: its load bias (run-time
/// address less the ELF file's own address) and its GNU build id, from
/// libdwfl. A frame of a binary without symbols is printed as
/// `image+0xOFFSET`, with the build id once per image, so that it can be
/// resolved offline (`panic-symbolize`) from the same build's debug info.
struct ImageIdentity {
    /// Run-time address minus ELF address; 0 for a file opened offline at its own addresses.
    let bias: UInt
    /// The build id in lower-case hex, or nil when the image has none.
    let buildID: String?

    init(module: OpaquePointer) {
        var bias: Dwarf_Addr = 0
        if dwfl_module_getelf(module, &bias) == nil { bias = 0 }
        self.bias = UInt(bias)
        var bits: UnsafePointer<UInt8>?
        var address: GElf_Addr = 0
        let length = dwfl_module_build_id(module, &bits, &address)
        if length > 0, let bits {
            buildID = Self.hex(UnsafeBufferPointer(start: bits, count: Int(length)))
        } else {
            buildID = nil
        }
    }

    /// `5f3a…` for the bytes.
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
