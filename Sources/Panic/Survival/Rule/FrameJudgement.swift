import CUnwind

// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// What the survival rule says of one return address among the frames a
/// panic would skip, from every function at it (inlined ones included).
enum FrameJudgement: Equatable {
    /// Every function at it is understood; `taskLocalPops` is how many
    /// task-local bindings they pushed (to pop after the jump).
    case understood(taskLocalPops: Int)
    /// A function at it is not understood: `what` names it for the note.
    case notUnderstood(what: String)
    /// Understood if the function that called its outermost function, a
    /// closure lent `inout` state, is the package's own (`PanicMutex`):
    /// else `what` names it.
    case understoodIfCalledByPackage(taskLocalPops: Int, what: String)

    /// Where a walk from the innermost frame outwards is: past a failure
    /// path (a trap, `_assertionFailure`, `swift::fatalError`), past the
    /// program's own code. A library function inside all of the program's
    /// code, below a failure path, failed its own check before it ran any of
    /// the caller's code (`removeLast()` on an empty array): understood, but
    /// only there, so such a verdict is not kept for the address.
    struct Walk {
        var failing = false
        var insideProgramCode = false
        /// Set when the last judged address was understood only as a failure.
        var reliedOnFailure = false
    }

    /// Judges the functions at a return address (innermost first, as the
    /// symbolizer gives them), `walk` being where the walk is.
    static func judge(_ symbols: [Backtrace.Symbol], address: UInt, walk: inout Walk) -> FrameJudgement {
        walk.reliedOnFailure = false
        guard !symbols.isEmpty else { return .notUnderstood(what: unidentified(address, image: nil)) }
        var pops = 0
        var outermost: String?
        for (index, symbol) in symbols.enumerated() {
            guard let mangled = symbol.mangledName else {
                return .notUnderstood(what: unidentified(address, image: symbol.image))
            }
            if isFailurePath(symbol) {
                walk.failing = true
                continue
            }
            let ownCode = !ProgramImages.isToolchainOrSystem(symbol.image)
            if ownCode && !isPackageOwn(symbol) && !FunctionName.isThunk(mangled: mangled, demangled: symbol.name)
                && !(FunctionName.swiftModule(of: symbol).map(UnderstoodFunctions.toolchainModules.contains) ?? false) {
                walk.insideProgramCode = true
            }
            // Not understood by name, yet failing its own check: see `Walk`.
            // Else kept, and the walk goes on: the note names the outermost.
            func notUnderstood(_ what: String) -> FrameJudgement? {
                if walk.failing && !walk.insideProgramCode {
                    walk.reliedOnFailure = true
                    return nil
                }
                outermost = what
                return nil
            }
            if let module = FunctionName.swiftModule(of: symbol) {
                if FunctionName.isThunk(mangled: mangled, demangled: symbol.name) { continue }
                guard UnderstoodFunctions.toolchainModules.contains(module) else {
                    // A closure handed `inout` state to return a `sending`
                    // result: the shape of `Synchronization.Mutex.withLock`,
                    // which is inlined into its caller and leaves no frame
                    // (nor a lock call) to check.
                    if FunctionName.isLentStateClosure(symbol.name) {
                        let what = "a closure\(place(symbol)) given `inout` state for a `sending` result, as `Synchronization.Mutex.withLock` runs its body (inlined, with no lock call to check)"
                        // Its caller, past thunks: inlined here, or the next frame's.
                        var caller = index + 1
                        while caller < symbols.count, let next = symbols[caller].mangledName,
                              FunctionName.isThunk(mangled: next, demangled: symbols[caller].name) {
                            caller += 1
                        }
                        if caller < symbols.count {
                            if isPackageOwn(symbols[caller]) { continue }
                            return .notUnderstood(what: what)
                        }
                        if let outermost { return .notUnderstood(what: outermost) }
                        return .understoodIfCalledByPackage(taskLocalPops: pops, what: what)
                    }
                    // The program's own Swift code, or a library outside the
                    // toolchain whose code is the program's (built from source).
                    if ownCode || module != "__C" { continue }
                    if let judged = notUnderstood(libraryFunction(symbol)) { return judged }
                    continue
                }
                let qualified = FunctionName.qualified(symbol.name)
                if UnderstoodFunctions.isTaskLocalBinding(qualified: qualified, demangled: symbol.name) {
                    pops += 1
                    continue
                }
                if UnderstoodFunctions.isUnderstood(qualified: qualified) { continue }
                if let judged = notUnderstood(libraryFunction(symbol)) { return judged }
                continue
            }
            // C or C++: the program's own, or a library function judged by name.
            if ownCode { continue }
            if UnderstoodFunctions.isUnderstood(nativeName: symbol.name) { continue }
            if let judged = notUnderstood(libraryFunction(symbol)) { return judged }
        }
        if let outermost { return .notUnderstood(what: outermost) }
        return .understood(taskLocalPops: pops)
    }

    /// True for a failure path (`_assertionFailure`, `swift::fatalError`, the
    /// package's trap and abort trampolines, …): it reports and stops, running
    /// none of the caller's code.
    static func isFailurePath(_ symbol: Backtrace.Symbol) -> Bool {
        guard let mangled = symbol.mangledName else { return false }
        if FunctionName.swiftModule(ofMangled: mangled) != nil {
            return UnderstoodFunctions.isFailurePath(qualified: FunctionName.qualified(symbol.name))
        }
        return UnderstoodFunctions.isFailurePath(nativeName: symbol.name)
    }

    /// True for a function of the package's own Swift modules or C functions
    /// (PanicMutex runs its body through them).
    static func isPackageOwn(_ symbol: Backtrace.Symbol) -> Bool {
        guard let mangled = symbol.mangledName else { return false }
        if let module = FunctionName.swiftModule(of: symbol) { return module == "PanicRuntime" || module == "Panic" }
        return mangled.hasPrefix("cunwind_")
    }

    /// `` `Swift.MutableCollection.sort` (Swift/Sort.swift:42), a library function … ``
    private static func libraryFunction(_ symbol: Backtrace.Symbol) -> String {
        let name = FunctionName.swiftModule(ofMangled: symbol.mangledName ?? "") != nil ? FunctionName.qualified(symbol.name) : symbol.name
        return "`\(name)`\(place(symbol)), a library function that may hold a lock or leave a value half changed while it runs your code"
    }

    /// ` (file:line)`, or ` (in image)`, or nothing.
    static func place(_ symbol: Backtrace.Symbol) -> String {
        if let file = symbol.file, symbol.line > 0 {
            // The last two components, as a report's `#fileID`-like place.
            let short = file.split(separator: "/").suffix(2).joined(separator: "/")
            return " (\(short):\(symbol.line))"
        }
        if let image = symbol.image { return " (in \(ProgramImages.fileName(image)))" }
        return ""
    }

    private static func unidentified(_ address: UInt, image: String?) -> String {
        "a frame that cannot be identified (0x\(String(address, radix: 16))\(image.map { " in " + ProgramImages.fileName($0) } ?? ""))"
    }
}
#endif
