import CLibdw
import CUnwind

/// The call stack of a thread at one moment: return addresses, innermost
/// first, resolved to names and source locations on demand.
///
/// ```swift
/// setHook { info in
///     let trace = Backtrace.capture()          // cheap: addresses only
///     log(trace.formatted(style: .short))      // the frames of user code
/// }
/// ```
///
/// Capture is cheap (addresses only, one allocation); symbols are resolved
/// when asked for, with elfutils' libdw, and cached per address, so a second
/// backtrace through the same code does not read debug info again.
public struct Backtrace: Sendable, CustomStringConvertible {
    /// One frame: the address execution will return to (the program counter
    /// for the innermost frame).
    public struct Frame: Sendable, Hashable {
        /// The return address, or the program counter for the innermost frame.
        public let address: UInt
    }

    /// What an address resolves to: a function, and where in the source.
    /// One frame yields several symbols when functions were inlined into it,
    /// innermost first; the last is the function the frame belongs to.
    public struct Symbol: Sendable, Hashable {
        /// The demangled name (`App.Server.handle(request:)`), or `<unknown>`.
        public let name: String
        /// The name as the binary spells it (`$s3App6ServerV6handle...`), when known.
        public let mangledName: String?
        /// The executable or shared object holding the code.
        public let image: String?
        /// The source file (absolute, as the debug info records it), when debug info exists.
        public let file: String?
        /// The line in `file`, counted from 1; 0 when unknown.
        public let line: Int
        /// The column in `file`, counted from 1; 0 when unknown.
        public let column: Int
        /// True for a function inlined into the frame's function.
        public let isInlined: Bool
        /// The frame's address in the image's own address space (the ELF
        /// file's virtual addresses, what `addr2line -e image` takes): the
        /// run-time address less the image's load bias. Nil when no image holds it.
        public let imageOffset: UInt?
        /// The image's GNU build id in hex (linked with `--build-id`), when it has one.
        public let buildID: String?

        /// Makes a symbol (for tests and custom symbolizers).
        public init(
            name: String, mangledName: String?, image: String?, file: String?, line: Int, column: Int, isInlined: Bool,
            imageOffset: UInt? = nil, buildID: String? = nil
        ) {
            self.name = name
            self.mangledName = mangledName
            self.image = image
            self.file = file
            self.line = line
            self.column = column
            self.isInlined = isInlined
            self.imageOffset = imageOffset
            self.buildID = buildID
        }

        /// True when nothing names the code: no symbol table entry, no debug info.
        var isNameless: Bool { mangledName == nil && name == "<unknown>" }
    }

    /// A frame with the symbols its address resolves to (at least one).
    public struct SymbolizedFrame: Sendable {
        /// The frame's address.
        public let address: UInt
        /// Innermost first; inlined functions before the function they were inlined into.
        public let symbols: [Symbol]

        /// Makes a frame from resolved symbols (for tests and custom symbolizers).
        public init(address: UInt, symbols: [Symbol]) {
            self.address = address
            self.symbols = symbols
        }
    }

    /// The frames, innermost first.
    public let frames: [Frame]

    /// Makes a backtrace of given addresses (innermost first), for tests and
    /// traces captured elsewhere.
    public init(addresses: [UInt]) {
        self.frames = addresses.map(Frame.init(address:))
    }

    /// The most frames one capture records.
    public static let maximumDepth = 1024

    /// Captures the calling thread's stack. Costs a libunwind walk and one
    /// array; no symbol is resolved yet.
    @inline(never)
    public static func capture() -> Backtrace {
        withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self, capacity: maximumDepth) { buffer in
            let count = Int(cunwind_capture_backtrace(buffer.baseAddress, Int32(maximumDepth)))
            return Backtrace(frames: buffer.prefix(count).map { Frame(address: UInt(bitPattern: $0)) })
        }
    }

    init(frames: [Frame]) { self.frames = frames }

    /// Every frame with its symbols (resolved now, or from the cache).
    public func symbolized() -> [SymbolizedFrame] {
        Symbolizer.shared.symbolize(frames)
    }

    /// The trace as a panic report prints it: `stack backtrace:` and the
    /// frames in Rust's layout. `short` keeps the frames between the panic
    /// (or this capture) and ``beginShortBacktrace(_:)``; `full` keeps all,
    /// with addresses; `off` gives an empty string. Without libdw (elfutils'
    /// `libdw.so.1`, loaded on first use) the frames are `image+0xOFFSET`
    /// and a last line says so.
    public func formatted(style: BacktraceStyle, color: Bool = false) -> String {
        guard style != .off else { return "" }
        let text = BacktraceFormatter(style: style, color: color).format(entries: Symbolizer.shared.entries(frames, style: style))
        guard !clibdw_load() else { return text }
        return text + "note: \(ReportText.inert(String(cString: clibdw_library_name()))) not found: frames are shown as addresses\n"
    }

    /// The full trace.
    public var description: String { formatted(style: .full) }
}
