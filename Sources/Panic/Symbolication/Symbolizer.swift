import CLibdw
import CUnwind

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
        /// The survival check's facts, by return address (``frameFacts(_:)``).
        var facts: [UInt: (symbols: [Backtrace.Symbol], keepsFramePointer: Bool)] = [:]
        /// Compile-unit indexes, by module.
        var units: [UInt: DwarfUnitIndex] = [:]
        /// The dynamic linker's count of unloaded objects when the caches were filled.
        var unloaded: UInt64?
    }

    private let state = PanicLock(State())

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
            let names = state.withLock { state in
                Self.forgetIfObjectsUnloaded(&state)
                return frames.map { Self.symbolName($0.address, in: &state) }
            }
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
        forgetIfObjectsUnloaded(&state)
        return frames.map { frame in
            let lookup = lookupAddress(frame.address)
            if let cached = state.cache[lookup] { return (frame.address, cached) }
            let symbols = Self.resolve(lookup, in: &state).map { ($0, RenderedSymbol($0)) }
            // An address outside every module may be a library's after the next dlopen: not cached.
            guard symbols.first?.0.image != nil else { return (frame.address, symbols) }
            if state.cache.count > 100_000 { state.cache.removeAll(keepingCapacity: true) }
            state.cache[lookup] = symbols
            return (frame.address, symbols)
        }
    }

    /// The symbols of the frames after the last one whose ELF symbol is
    /// `marker` (all frames when none is), innermost first, for a trap's
    /// diagnosis: frames are resolved one at a time while `needed` says the
    /// symbols so far are not enough, so that a libc below the user's frame
    /// never has its (large) debug info read. If the symbolizer stays busy
    /// for about a second (it may be held by the very code that trapped,
    /// which will never release it), nil rather than a deadlock.
    func symbolsUnlessStuck(
        _ frames: [Backtrace.Frame], after marker: String, while needed: (ArraySlice<Backtrace.Symbol>) -> Bool
    ) -> [Backtrace.Symbol]? {
        for _ in 0..<1000 {
            let result = state.withLockIfAvailable { state -> [Backtrace.Symbol] in
                Self.forgetIfObjectsUnloaded(&state)
                let names = frames.map { Self.symbolName($0.address, in: &state) }
                let site = names.lastIndex { $0 == marker }.map { $0 + 1 } ?? 0
                var symbols: [Backtrace.Symbol] = []
                for frame in frames[site...] {
                    guard needed(symbols[...]) else { break }
                    for resolved in Self.resolved([frame], in: &state) {
                        symbols += resolved.symbols.map(\.symbol)
                    }
                }
                return symbols
            }
            if let result { return result }
            usleep(1000)
        }
        return nil
    }

    /// What the survival check needs of each return address: the functions
    /// at it (innermost first, inlined ones included), and whether the frame
    /// it returns into keeps its frame pointer there (its call frame address
    /// is `rbp + 16` at the call: a walk by frame pointers goes on through
    /// it). Kept per address, all under one hold of the lock. Nil when the
    /// symbolizer stays busy for about a second (as
    /// ``symbolsUnlessStuck(_:after:while:)``).
    func frameFacts(_ returnAddresses: [UInt]) -> [(symbols: [Backtrace.Symbol], keepsFramePointer: Bool)]? {
        for _ in 0..<1000 {
            let result = state.withLockIfAvailable { state -> [(symbols: [Backtrace.Symbol], keepsFramePointer: Bool)] in
                Self.forgetIfObjectsUnloaded(&state)
                return returnAddresses.map { address in
                    if let known = state.facts[address] { return known }
                    let symbols = Self.resolved([Backtrace.Frame(address: address)], in: &state).first?.symbols.map(\.symbol) ?? []
                    let facts = (symbols: symbols, keepsFramePointer: Self.keepsFramePointer(Self.lookupAddress(address), in: &state))
                    // An address no image holds is not kept (a library may be loaded there later).
                    if symbols.first?.image != nil {
                        if state.facts.count > 100_000 { state.facts.removeAll(keepingCapacity: true) }
                        state.facts[address] = facts
                    }
                    return facts
                }
            }
            if let result { return result }
            usleep(1000)
        }
        return nil
    }

    /// True when the call frame information at `address` defines the frame
    /// as `rbp + 16` (x86_64's frame pointer; false elsewhere, or unknown).
    private static func keepsFramePointer(_ address: UInt, in state: inout State) -> Bool {
        #if arch(x86_64)
        guard let module = module(at: address, in: &state) else { return false }
        var bias: Dwarf_Addr = 0
        guard let cfi = dwfl_module_eh_cfi(module, &bias) ?? dwfl_module_dwarf_cfi(module, &bias) else { return false }
        var frame: OpaquePointer? = nil
        guard dwarf_cfi_addrframe(cfi, Dwarf_Addr(address) &- bias, &frame) == 0, let frame else { return false }
        defer { free(UnsafeMutableRawPointer(frame)) }
        var ops: UnsafeMutablePointer<Dwarf_Op>? = nil
        var count = 0
        guard dwarf_frame_cfa(frame, &ops, &count) == 0, count == 1, let op = ops?.pointee else { return false }
        // DW_OP_bregx rbp(6) 16, or DW_OP_breg6 16.
        return (op.atom == 0x92 && op.number == 6 && op.number2 == 16) || (op.atom == 0x76 && op.number == 16)
        #else
        return false
        #endif
    }

    /// The run-time address of a symbol of the image holding `address`,
    /// local symbols included (from the ELF symbol table), or nil.
    ///
    /// The image is found by address, not by name: once libdw has read a
    /// library, its own private mapping of the file is in /proc/self/maps
    /// too, and after the module list is read again (a library loaded since)
    /// a second module of the same name covers that mapping, at the wrong place.
    func localSymbolAddress(_ name: String, inImageHolding address: UnsafeRawPointer) -> UnsafeMutableRawPointer? {
        state.withLock { state -> UnsafeMutableRawPointer? in
            Self.forgetIfObjectsUnloaded(&state)
            guard let module = Self.module(at: UInt(bitPattern: address), in: &state) else { return nil }
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

    /// Starts afresh when a library was unloaded since the caches were
    /// filled: after a `dlclose`, another library may be loaded at the same
    /// addresses, and cached names would be its predecessor's. Loads alone
    /// change nothing cached (an address outside every module is not cached,
    /// and a new module is read on first use), and libdw loads libraries of
    /// its own (libdebuginfod) while it reads debug information.
    private static func forgetIfObjectsUnloaded(_ state: inout State) {
        let unloaded = LoadedObjects.current().subs
        guard unloaded != state.unloaded else { return }
        let first = state.unloaded == nil
        state.unloaded = unloaded
        guard !first else { return }
        state.cache.removeAll()
        state.names.removeAll()
        state.facts.removeAll()
        // The indexes point into the session's DWARF: gone before it is.
        state.units.removeAll()
        if let session = state.session { dwfl_end(session) }
        state.session = nil
        state.opened = false
    }

    // MARK: - libdwfl

    /// The ELF symbol (mangled) name for a return address, cached.
    private static func symbolName(_ address: UInt, in state: inout State) -> String? {
        if let cached = state.names[address] { return cached }
        let lookup = lookupAddress(address)
        // An address outside every module may be a library's after the next dlopen: not cached.
        guard let module = module(at: lookup, in: &state) else { return nil }
        var symbol = GElf_Sym()
        var offset: GElf_Off = 0
        let name = dwfl_module_addrinfo(module, GElf_Addr(lookup), &offset, &symbol, nil, nil, nil).map { String(cString: $0) }
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
        guard let session = dwfl_begin(callbacks) else {
            // No session (libdw missing, say): nothing keeps the callbacks.
            callbacks.deallocate()
            return nil
        }
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
        if let module = dwfl_addrmodule(session, Dwarf_Addr(address)), loaderAgrees(module, address) { return module }
        // Perhaps a library loaded since the session read the module list
        // (none found, or an older module's range claims the address).
        _ = report(session)
        guard let module = dwfl_addrmodule(session, Dwarf_Addr(address)), loaderAgrees(module, address) else { return nil }
        return module
    }

    /// False when the dynamic linker places `address` in another object than
    /// `module` starts at: a session read before a `dlopen` can give a new
    /// library's address to an older module whose range covers it (seen: a
    /// stripped library's frame printed as `libstdc++.so.6+0x22410b`).
    /// True when the linker knows no object there (it cannot contradict).
    private static func loaderAgrees(_ module: OpaquePointer, _ address: UInt) -> Bool {
        var path: UnsafePointer<CChar>? = nil
        var base: UInt = 0
        guard let pointer = UnsafeRawPointer(bitPattern: address), cunwind_object_containing(pointer, &path, &base) else { return true }
        var low: Dwarf_Addr = 0
        _ = dwfl_module_info(module, nil, &low, nil, nil, nil, nil, nil)
        // Both are where the object's first mapping starts.
        return UInt(low) == base
    }

    private static func resolve(_ address: UInt, in state: inout State) -> [Backtrace.Symbol] {
        guard let module = module(at: address, in: &state) else {
            return [unresolved(address)]
        }
        return ModuleSymbols.symbols(at: address, in: module, units: &state.units)
    }

    /// A frame no module covers: `<unknown>`, or, when libdw could not be
    /// loaded, its image and offset from the dynamic linker (`app+0x1a2b3`,
    /// without a build id), which panic-symbolize can resolve offline.
    private static func unresolved(_ address: UInt) -> Backtrace.Symbol {
        var path: UnsafePointer<CChar>? = nil
        var base: UInt = 0
        guard !clibdw_load(), let pointer = UnsafeRawPointer(bitPattern: address),
              cunwind_object_containing(pointer, &path, &base), let path, address >= base else {
            return ModuleSymbols.unknown(image: nil)
        }
        return ModuleSymbols.unknown(image: String(cString: path)).placed(offset: address + 1 - base, buildID: nil)
    }
}
