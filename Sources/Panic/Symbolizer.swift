import CLibdw
import Glibc
import Synchronization

/// Resolves addresses of this process to symbols with elfutils' libdwfl:
/// the ELF symbol table for names, DWARF line tables and inline scopes for
/// `file:line:column`. One libdwfl session for the process, opened on first
/// use, and a cache per address, both behind one lock (libdwfl is not
/// thread-safe).
final class Symbolizer: Sendable {
    static let shared = Symbolizer()

    private struct State {
        /// The session; nil until first use, or when libdwfl could not start.
        var session: OpaquePointer?
        var opened = false
        var cache: [UInt: [(symbol: Backtrace.Symbol, text: RenderedSymbol)]] = [:]
        /// ELF symbol names, by return address.
        var names: [UInt: String?] = [:]
        /// Compile-unit indexes, by module.
        var units: [UInt: DwarfUnitIndex] = [:]
    }

    private let state = Mutex(State())

    /// Symbols for each frame. The addresses are return addresses (libunwind
    /// records the innermost one as the return into the caller of the
    /// capture), looked up one byte earlier so that they land inside the call
    /// instruction, whose line is the call site, not the next statement.
    func symbolize(_ frames: [Backtrace.Frame]) -> [Backtrace.SymbolizedFrame] {
        Self.symbolizedFrames(resolved(frames))
    }

    private typealias Resolved = [(address: UInt, symbols: [(symbol: Backtrace.Symbol, text: RenderedSymbol)])]

    private static func symbolizedFrames(_ resolved: Resolved) -> [Backtrace.SymbolizedFrame] {
        resolved.map { Backtrace.SymbolizedFrame(address: $0.address, symbols: $0.symbols.map(\.symbol)) }
    }

    /// Where a return address is looked up: one byte earlier, inside the call.
    private static func lookupAddress(_ address: UInt) -> UInt {
        address == 0 ? 0 : address - 1
    }

    /// The formatter's entries for `frames`, text included. For the short
    /// style only the frames it shows are resolved in full: the range is
    /// found from the ELF symbol names, which are cheap, so a libc below the
    /// marker never has its (large) debug info read.
    func entries(_ frames: [Backtrace.Frame], style: BacktraceStyle) -> [BacktraceFormatter.Entry] {
        var shown = frames[...]
        if style == .short {
            let names = state.withLock { state in frames.map { Self.symbolName($0.address, in: &state) } }
            let range = BacktraceTrimming.shortRange(of: names) { $0 }
            shown = frames[range]
        }
        var entries: [BacktraceFormatter.Entry] = []
        entries.reserveCapacity(shown.count + 8)
        for frame in resolved(Array(shown)) {
            for symbol in frame.symbols {
                entries.append(BacktraceFormatter.Entry(address: frame.address, symbol: symbol.symbol, text: symbol.text))
            }
        }
        return entries
    }

    private func resolved(_ frames: [Backtrace.Frame]) -> Resolved {
        state.withLock { state in Self.resolved(frames, in: &state) }
    }

    private static func resolved(_ frames: [Backtrace.Frame], in state: inout State) -> Resolved {
        frames.map { frame in
            let lookup = lookupAddress(frame.address)
            if let cached = state.cache[lookup] { return (frame.address, cached) }
            let symbols = Self.resolve(lookup, in: &state).map { ($0, RenderedSymbol($0)) }
            if state.cache.count > 100_000 { state.cache.removeAll(keepingCapacity: true) }
            state.cache[lookup] = symbols
            return (frame.address, symbols)
        }
    }

    /// Symbols for each frame, for a trap: if the symbolizer stays busy for
    /// about a second (it may be held by the very code that trapped, which
    /// will never release it), nil rather than a deadlock.
    func symbolizeUnlessStuck(_ frames: [Backtrace.Frame]) -> [Backtrace.SymbolizedFrame]? {
        for _ in 0..<1000 {
            if let result = state.withLockIfAvailable({ state in Self.resolved(frames, in: &state) }) {
                return Self.symbolizedFrames(result)
            }
            usleep(1000)
        }
        return nil
    }

    /// The run-time address of a symbol of the module whose file name ends
    /// with `image`, local symbols included (from the ELF symbol table), or nil.
    func localSymbolAddress(_ name: String, inImage image: String) -> UnsafeMutableRawPointer? {
        state.withLock { state -> UnsafeMutableRawPointer? in
            guard let session = Self.session(in: &state) else { return nil }
            final class Search {
                let image: String
                var module: OpaquePointer?
                init(_ image: String) { self.image = image }
            }
            let search = Search("/" + image)
            _ = dwfl_getmodules(session, { module, _, name, _, context in
                let search = Unmanaged<Search>.fromOpaque(context!).takeUnretainedValue()
                if let name, String(cString: name).hasSuffix(search.image) {
                    search.module = module
                    return Int32(DWARF_CB_ABORT)
                }
                return Int32(DWARF_CB_OK)
            }, Unmanaged.passUnretained(search).toOpaque(), 0)
            guard let module = search.module else { return nil }
            let count = dwfl_module_getsymtab(module)
            guard count > 0 else { return nil }
            for index in 0..<count {
                var symbol = GElf_Sym()
                var address: GElf_Addr = 0
                guard let symbolName = dwfl_module_getsym_info(module, index, &symbol, &address, nil, nil, nil) else { continue }
                if strcmp(symbolName, name) == 0 {
                    return UnsafeMutableRawPointer(bitPattern: UInt(address))
                }
            }
            return nil
        }
    }

    // MARK: - libdwfl

    /// The ELF symbol (mangled) name for a return address, cached.
    private static func symbolName(_ address: UInt, in state: inout State) -> String? {
        if let cached = state.names[address] { return cached }
        let lookup = lookupAddress(address)
        var name: String?
        if let module = module(at: lookup, in: &state) {
            var symbol = GElf_Sym()
            var offset: GElf_Off = 0
            name = dwfl_module_addrinfo(module, GElf_Addr(lookup), &offset, &symbol, nil, nil, nil).map { String(cString: $0) }
        }
        if state.names.count > 100_000 { state.names.removeAll(keepingCapacity: true) }
        state.names[address] = name
        return name
    }

    /// The session, opened on first use; nil when libdwfl could not start.
    private static func session(in state: inout State) -> OpaquePointer? {
        if !state.opened {
            state.opened = true
            state.session = openSession()
        }
        return state.session
    }

    private static func openSession() -> OpaquePointer? {
        // libdwfl keeps a pointer to the callbacks for the session's life: the process's.
        let callbacks = UnsafeMutablePointer<Dwfl_Callbacks>.allocate(capacity: 1)
        callbacks.initialize(to: Dwfl_Callbacks(
            find_elf: dwfl_linux_proc_find_elf,
            find_debuginfo: dwfl_standard_find_debuginfo,
            section_address: dwfl_offline_section_address,
            debuginfo_path: nil
        ))
        guard let session = dwfl_begin(callbacks) else { return nil }
        guard report(session) else {
            dwfl_end(session)
            return nil
        }
        return session
    }

    /// (Re)reads the modules mapped into the process (after a `dlopen`, say).
    private static func report(_ session: OpaquePointer) -> Bool {
        dwfl_report_begin(session)
        let reported = dwfl_linux_proc_report(session, getpid())
        return dwfl_report_end(session, nil, nil) == 0 && reported == 0
    }

    private static func module(at address: UInt, in state: inout State) -> OpaquePointer? {
        guard let session = session(in: &state) else { return nil }
        if let module = dwfl_addrmodule(session, Dwarf_Addr(address)) { return module }
        // Perhaps a library loaded since the session read the module list.
        _ = report(session)
        return dwfl_addrmodule(session, Dwarf_Addr(address))
    }

    private static func resolve(_ address: UInt, in state: inout State) -> [Backtrace.Symbol] {
        guard let module = module(at: address, in: &state) else {
            return [unknown(image: nil)]
        }
        let image = dwfl_module_info(module, nil, nil, nil, nil, nil, nil, nil).map { String(cString: $0) }

        var symbol = GElf_Sym()
        var offset: GElf_Off = 0
        let elfName = dwfl_module_addrinfo(module, GElf_Addr(address), &offset, &symbol, nil, nil, nil)
            .map { String(cString: $0) }

        var symbols: [Backtrace.Symbol] = []
        var unit = Dwarf_Die()
        var location: Location = (nil, 0, 0)
        let moduleKey = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(module)))
        if state.units[moduleKey] == nil { state.units[moduleKey] = DwarfUnitIndex(module: module) }
        let index = state.units[moduleKey]!
        let dwarfAddress = UInt64(address) &- index.bias
        if index.unit(containing: dwarfAddress, into: &unit) {
            // The line table's answer: where the innermost code is.
            location = lineTableLocation(&unit, dwarfAddress)
            for var scope in DwarfScopes.functions(in: &unit, at: dwarfAddress) {
                if dwarf_tag(&scope) == Int32(DW_TAG_subprogram) {
                    symbols.append(named(elfName ?? linkageName(&scope), image: image, location: location, inlined: false))
                    break
                }
                symbols.append(named(linkageName(&scope), image: image, location: location, inlined: true))
                // The enclosing function continues at this inlined call's site.
                location = callSite(&scope, unit: &unit)
            }
        }
        if symbols.isEmpty || symbols.last?.isInlined == true {
            symbols.append(named(elfName, image: image, location: location, inlined: false))
        }
        return symbols
    }

    private typealias Location = (file: String?, line: Int, column: Int)

    private static func lineTableLocation(_ unit: UnsafeMutablePointer<Dwarf_Die>, _ address: UInt64) -> Location {
        guard let line = dwarf_getsrc_die(unit, Dwarf_Addr(address)), let file = dwarf_linesrc(line, nil, nil) else {
            return (nil, 0, 0)
        }
        var number: Int32 = 0
        var column: Int32 = 0
        _ = dwarf_lineno(line, &number)
        _ = dwarf_linecol(line, &column)
        return (absolute(String(cString: file), unit: unit), Int(number), Int(column))
    }

    private static func callSite(_ scope: UnsafeMutablePointer<Dwarf_Die>, unit: UnsafeMutablePointer<Dwarf_Die>) -> Location {
        func number(_ name: Int32) -> Int? {
            var attribute = Dwarf_Attribute()
            var value: Dwarf_Word = 0
            guard dwarf_attr(scope, UInt32(name), &attribute) != nil, dwarf_formudata(&attribute, &value) == 0 else { return nil }
            return Int(value)
        }
        var file: String?
        if let index = number(Int32(DW_AT_call_file)) {
            var files: OpaquePointer?
            var count = 0
            if dwarf_getsrcfiles(unit, &files, &count) == 0, index < count, let name = dwarf_filesrc(files, index, nil, nil) {
                file = absolute(String(cString: name), unit: unit)
            }
        }
        return (file, number(Int32(DW_AT_call_line)) ?? 0, number(Int32(DW_AT_call_column)) ?? 0)
    }

    /// A relative source path made absolute with the unit's compilation directory.
    private static func absolute(_ path: String, unit: UnsafeMutablePointer<Dwarf_Die>) -> String {
        guard !path.hasPrefix("/") else { return path }
        var attribute = Dwarf_Attribute()
        guard dwarf_attr(unit, UInt32(DW_AT_comp_dir), &attribute) != nil, let directory = dwarf_formstring(&attribute) else {
            return path
        }
        return String(cString: directory) + "/" + path
    }

    private static func linkageName(_ scope: UnsafeMutablePointer<Dwarf_Die>) -> String? {
        var attribute = Dwarf_Attribute()
        for name in [DW_AT_linkage_name, DW_AT_MIPS_linkage_name] {
            if dwarf_attr_integrate(scope, UInt32(name), &attribute) != nil, let text = dwarf_formstring(&attribute) {
                return String(cString: text)
            }
        }
        return dwarf_diename(scope).map { String(cString: $0) }
    }

    private static func named(_ mangled: String?, image: String?, location: Location, inlined: Bool) -> Backtrace.Symbol {
        let name = mangled.map { SwiftDemangle.demangle($0) ?? $0 } ?? "<unknown>"
        return Backtrace.Symbol(
            name: name, mangledName: mangled, image: image,
            file: location.file, line: location.line, column: location.column, isInlined: inlined
        )
    }

    private static func unknown(image: String?) -> Backtrace.Symbol {
        Backtrace.Symbol(name: "<unknown>", mangledName: nil, image: image, file: nil, line: 0, column: 0, isInlined: false)
    }
}
