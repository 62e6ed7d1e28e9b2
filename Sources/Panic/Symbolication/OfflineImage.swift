import CLibdw
import CUnwind

/// An ELF file read from disk rather than from the running process: an
/// unstripped binary, or the separate debug file of a stripped one
/// (`objcopy --only-keep-debug`). `panic-symbolize` resolves the
/// `image+0xOFFSET` frames of a report with it, through the same symbol
/// and DWARF lookups as the live ``Backtrace`` symbolizer.
///
/// Not thread-safe (libdwfl is not): one thread at a time.
package final class OfflineImage {
    /// Why a file cannot be read.
    package struct OpenError: Error, CustomStringConvertible {
        package let description: String
    }

    /// The path as given.
    package let path: String
    /// The file's GNU build id in lower-case hex, when it has one.
    package let buildID: String?
    private let session: OpaquePointer
    private let module: OpaquePointer
    private let callbacks: UnsafeMutablePointer<Dwfl_Callbacks>
    private let debugPath: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let bias: UInt
    private var units: [UInt: DwarfUnitIndex] = [:]

    /// Opens `path`. A stripped binary's debug information is looked for as
    /// libdwfl does: by build id (`DIR/.build-id/xx/rest.debug`) and by
    /// `.gnu_debuglink`, under each of `debugDirectories`.
    package init(path: String, debugDirectories: [String] = ["/usr/lib/debug"]) throws(OpenError) {
        self.path = path
        let descriptor = cunwind_open_read(path)
        guard descriptor >= 0 else {
            throw OpenError(description: "cannot open \(path): \(String(cString: strerror(cunwind_errno())))")
        }
        var status = stat()
        let isFile = fstat(descriptor, &status) == 0 && cunwind_mode_is_regular(status.st_mode)
        close(descriptor)
        guard isFile else { throw OpenError(description: "\(path) is not a regular file") }

        // libdwfl keeps pointers to both for the session's life.
        let debugPath = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
        debugPath.initialize(to: strdup(([""] + debugDirectories).joined(separator: ":")))
        let callbacks = UnsafeMutablePointer<Dwfl_Callbacks>.allocate(capacity: 1)
        callbacks.initialize(to: Dwfl_Callbacks(
            find_elf: dwfl_build_id_find_elf,
            find_debuginfo: dwfl_standard_find_debuginfo,
            section_address: dwfl_offline_section_address,
            debuginfo_path: debugPath
        ))
        func release() {
            free(debugPath.pointee)
            debugPath.deallocate()
            callbacks.deallocate()
        }
        guard let session = dwfl_begin(callbacks) else {
            release()
            throw OpenError(description: "cannot start libdwfl: \(String(cString: dwfl_errmsg(-1)))")
        }
        dwfl_report_begin(session)
        let module = dwfl_report_offline(session, path, path, -1)
        _ = dwfl_report_end(session, nil, nil)
        guard let module else {
            let reason = String(cString: dwfl_errmsg(-1))
            dwfl_end(session)
            release()
            throw OpenError(description: "\(path) is not an ELF file libdw can read (\(reason))")
        }
        self.session = session
        self.module = module
        self.callbacks = callbacks
        self.debugPath = debugPath
        let identity = ImageIdentity(module: module)
        bias = identity.bias
        buildID = identity.buildID
    }

    deinit {
        dwfl_end(session)
        free(debugPath.pointee)
        debugPath.deallocate()
        callbacks.deallocate()
    }

    /// The symbols of the frame printed `image+0xOFFSET` (a return
    /// address, looked up one byte earlier like the live symbolizer does),
    /// innermost first; one `<unknown>` symbol when nothing covers it.
    package func symbols(atOffset offset: UInt) -> [Backtrace.Symbol] {
        guard offset > 0, offset < UInt.max - bias else {
            return [ModuleSymbols.unknown(image: path).placed(offset: offset, buildID: buildID)]
        }
        let address = offset - 1 + bias
        var low: Dwarf_Addr = 0, high: Dwarf_Addr = 0
        _ = dwfl_module_info(module, nil, &low, &high, nil, nil, nil, nil)
        guard Dwarf_Addr(address) >= low, Dwarf_Addr(address) < high else {
            return [ModuleSymbols.unknown(image: path).placed(offset: offset, buildID: buildID)]
        }
        return ModuleSymbols.symbols(at: address, in: module, units: &units)
    }

    /// True when the file has a symbol table or debug information to name code with.
    package var hasSymbols: Bool {
        dwfl_module_getsymtab(module) > 0
    }
}
