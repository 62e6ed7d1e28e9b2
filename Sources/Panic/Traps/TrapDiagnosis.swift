/// What a Swift runtime trap was, read from the stack at the trap: the
/// message and the user's source location.
///
/// The message, in order of preference: what the runtime reported before
/// trapping (`Fatal error: Index out of range`: debug builds, and
/// `fatalError` in any build; this thread's own report when the runtime's
/// debugger hook is routed, else claimed from its shared record; see
/// ``RuntimeFatalMessage``); else the check's
/// name in the debug info, which marks a compiler-inserted check as an
/// inlined frame `Swift runtime failure: Index out of range` (release
/// builds); else the standard library function that trapped. Every message
/// reads `Fatal error: …`. The location is the user's frame (see
/// ``location(_:)``), or `<unknown>`: never a frame of this package or libc.
package enum TrapDiagnosis {
    /// The trampoline the trap handler sends a trap to (CUnwind/TrapHandler.c).
    package static let trampoline = "cunwind_trap_trampoline"
    static let runtimeFailurePrefix = "Swift runtime failure: "

    /// Diagnoses the trap whose trampoline is on the current stack.
    package static func diagnose() -> (message: String, location: SourceLocation) {
        // What this thread reported before trapping, if anything (exact, when
        // TrapInterception routed the runtime's debugger hook); taken now, so
        // that it never outlives this trap.
        let own = RuntimeFatalMessage.ownReport()
        let frames = Backtrace.capture().frames
        // The frames below the trampoline, up to the one the location is read from.
        let stack = (Symbolizer.shared.symbolsUnlessStuck(frames, after: trampoline) { !locationIsFound(in: $0) } ?? [])[...]
        let place = location(stack)
        let fromStack = message(stack)
        // A compiler-inserted check (its inlined frame is named `Swift
        // runtime failure: …`) traps without a report: claiming one from the
        // shared record would take another trapping thread's.
        if own == nil, stack.contains(where: { $0.name.hasPrefix(runtimeFailurePrefix) }) {
            return (fromStack, place)
        }
        let reported = RuntimeFatalMessage.claim(location: place, expected: fromStack, own: own)
        return (reported ?? fromStack, place)
    }

    package static func message(_ stack: ArraySlice<Backtrace.Symbol>) -> String {
        if let failure = stack.first(where: { $0.name.hasPrefix(runtimeFailurePrefix) }) {
            return "Fatal error: " + failure.name.dropFirst(runtimeFailurePrefix.count)
        }
        // Debug builds: the standard library function that failed.
        for symbol in stack.prefix(while: isStandardLibrary) {
            let name = symbol.name
            if name.contains("_diagnoseUnexpectedNilOptional") || name.contains("unsafelyUnwrapped") {
                return "Fatal error: Unexpectedly found nil while unwrapping an Optional value"
            }
            if name.contains("_checkSubscript") || name.contains("_checkIndex") || name.contains("_failEarlyRangeCheck")
                || name.contains(".subscript") {
                return "Fatal error: Index out of range"
            }
            if name.hasPrefix("Swift.fatalError(") { return "Fatal error" }
            if name.hasPrefix("Swift.preconditionFailure(") || name.hasPrefix("Swift.precondition(") { return "Precondition failed" }
            if name.hasPrefix("Swift.assertionFailure(") || name.hasPrefix("Swift.assert(") { return "Assertion failed" }
        }
        return "Fatal error: Swift runtime failure"
    }

    /// The user's frame: the first frame that is neither the standard
    /// library, nor a check's inlined frame, nor a compiler thunk, nor this
    /// package, nor a system library (libc, the Swift runtime, Foundation).
    /// Its line, or `<unknown>` when it has none: never the line of a frame
    /// further out, which would name the wrong code (a caller, or this
    /// package's catch frame).
    package static func location(_ stack: ArraySlice<Backtrace.Symbol>) -> SourceLocation {
        for symbol in stack {
            if isStandardLibrary(symbol) || symbol.name.hasPrefix(runtimeFailurePrefix) || isThisPackage(symbol) || isSystemLibrary(symbol) {
                continue
            }
            guard let file = symbol.file, symbol.line > 0 else {
                if isCompilerThunk(symbol) { continue }
                break
            }
            return SourceLocation(file: fileID(file, mangledName: symbol.mangledName), line: UInt(symbol.line), column: UInt(symbol.column))
        }
        return unknownLocation
    }

    /// True when `stack` holds the frame ``location(_:)`` stops at: frames
    /// further out cannot change the location.
    static func locationIsFound(in stack: ArraySlice<Backtrace.Symbol>) -> Bool {
        for symbol in stack {
            if isStandardLibrary(symbol) || symbol.name.hasPrefix(runtimeFailurePrefix) || isThisPackage(symbol) || isSystemLibrary(symbol) {
                continue
            }
            if symbol.file == nil || symbol.line <= 0, isCompilerThunk(symbol) { continue }
            return true
        }
        return false
    }

    /// Where a trap is said to be when the user's frame has no line: printed `<unknown>`.
    package static let unknownLocation = SourceLocation(file: "<unknown>", line: 0, column: 0)

    /// A frame of this package (its C part included), specializations of its generics too.
    static func isThisPackage(_ symbol: Backtrace.Symbol) -> Bool {
        guard let mangled = symbol.mangledName else { return false }
        return mangled.hasPrefix("$s5Panic") || mangled.hasPrefix("$s12PanicRuntime") || mangled.hasPrefix("cunwind_")
    }

    /// A frame of libc, the dynamic linker or the Swift and C++ runtimes.
    static func isSystemLibrary(_ symbol: Backtrace.Symbol) -> Bool {
        guard let image = symbol.image else { return false }
        let name = image.split(separator: "/").last.map(String.init) ?? image
        return systemLibraryPrefixes.contains { name.hasPrefix($0) }
    }

    private static let systemLibraryPrefixes = [
        "libc.so", "ld-linux", "libm.so", "libpthread.so", "libstdc++.so", "libgcc_s.so",
        "libswift", "libFoundation", "lib_Foundation", "libdispatch.so", "libBlocksRuntime.so",
    ]

    /// Code the compiler generated around a user's function (no line of its own).
    static func isCompilerThunk(_ symbol: Backtrace.Symbol) -> Bool {
        let name = symbol.name
        return name.hasPrefix("reabstraction thunk") || name.hasPrefix("thunk for ") || name.hasPrefix("partial apply for ")
            || name.hasPrefix("partial apply forwarder for ") || name.hasPrefix("merged ") || name.hasPrefix("outlined ")
    }

    /// A frame of the Swift standard library: in libswiftCore, or standard
    /// library code specialized into another image.
    static func isStandardLibrary(_ symbol: Backtrace.Symbol) -> Bool {
        if let image = symbol.image, image.hasSuffix("/libswiftCore.so") || image.hasSuffix("/libswiftSwiftOnoneSupport.so") { return true }
        return symbol.mangledName.map(BacktraceTrimming.isStandardLibrarySymbol) ?? false
    }

    /// `Module/File.swift`, as `#fileID` writes it: the module from the
    /// Swift symbol's mangled name, else just the file name.
    static func fileID(_ path: String, mangledName: String?) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let module = mangledName.flatMap(moduleName) else { return base }
        return module + "/" + base
    }

    /// `App` from `$s3App…`.
    static func moduleName(_ mangled: String) -> String? {
        guard mangled.hasPrefix("$s") else { return nil }
        let rest = mangled.dropFirst(2)
        let digits = rest.prefix(while: \.isNumber)
        guard let length = Int(digits), length > 0 else { return nil }
        let name = rest.dropFirst(digits.count).prefix(length)
        return name.count == length ? String(name) : nil
    }
}
