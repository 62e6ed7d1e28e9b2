import CUnwind

/// A Swift runtime failure that ends in `abort()` rather than a trap: a
/// failed `as!`, an `unowned` reference to a freed object, an exclusivity
/// violation. PanicRuntime's SIGABRT handler (CUnwind/RuntimeAbort.c) sends
/// the aborting thread here, outside the handler, only for these three,
/// which the runtime detects before changing any of its state.
extension Panicking {
    /// Starts a panic for the runtime failure whose trampoline is on the
    /// current stack: the runtime's message (`Could not cast value of type
    /// 'Swift.Int' (0x…) to 'Swift.String' (0x…).`), the user's location.
    @inline(never)
    package static func beginRuntimeFailure() -> Never {
        if panicCount > 0 {
            abortWhilePanicking(payload: "Fatal error: Swift runtime failure", location: SourceLocation(file: "<runtime failure>", line: 0, column: 0))
        }
        let (message, location) = RuntimeFailure.diagnose()
        begin(message: consume message, location: consume location)
    }
}

enum RuntimeFailure {
    /// The trampoline the SIGABRT handler sends a runtime failure to.
    static let trampoline = "cunwind_runtime_abort_trampoline"
    /// What the runtime's last words say for the failures caught.
    static let phrases = ["Could not cast value of type ", "Attempted to read an unowned reference", "Fatal access conflict detected."]

    /// The message the runtime recorded, and the first frame with a source
    /// line below `abort`, libc and the standard library.
    static func diagnose() -> (message: String, location: SourceLocation) {
        let frames = Backtrace.capture().frames
        // The frames below the trampoline, up to the one the location is read from.
        let symbols = Symbolizer.shared.symbolsUnlessStuck(frames, after: trampoline) { !TrapDiagnosis.locationIsFound(in: userStack($0)) } ?? []
        let location = TrapDiagnosis.location(userStack(symbols[...]))
        let message = RuntimeFatalMessage.claimNewest(containing: phrases) ?? "Fatal error: Swift runtime failure"
        return (message, location)
    }

    /// The frames the location is looked for in: libc's and the standard
    /// library's dropped from the top, and thunks without a source file
    /// (optimized code runs the access check in them).
    static func userStack(_ symbols: ArraySlice<Backtrace.Symbol>) -> ArraySlice<Backtrace.Symbol> {
        let stack = symbols.drop { isLibc($0) || TrapDiagnosis.isStandardLibrary($0) }
        return ArraySlice(stack.filter { !($0.file?.contains("<compiler-generated>") ?? false) })
    }

    static func isLibc(_ symbol: Backtrace.Symbol) -> Bool {
        guard let image = symbol.image?.split(separator: "/").last else { return false }
        return image.hasPrefix("libc.so") || image.hasPrefix("libc-")
    }
}
