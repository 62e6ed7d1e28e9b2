import CUnwind
import Panic

/// Turns the Swift runtime's traps into panics.
///
/// Without it, an index out of range, a force-unwrapped nil, an arithmetic
/// overflow, a failed `precondition` or a `fatalError` kills the process
/// with SIGILL. With it, such a trap on any thread runs the panic path: the
/// hook reports it (`Index out of range`, with the user's file and line),
/// then it lands in the innermost `catchUnwind` on that thread as
/// `.failure`, or, with none, ends the process with status 101 (SIGABRT
/// under `PanicAbort`) after one report. With none, and another tool's
/// SIGILL handler installed before ours (Nimble's `throwAssertion`), the
/// trap goes to that tool instead.
///
/// `start` enables it; other programs call ``enable()``. In debug builds the
/// standard library prints its own `Fatal error: …` line before trapping.
/// Objects owned by the frames between the trap and the catch frame are not
/// released (see `withUnwindCleanup`).
public enum TrapInterception {
    /// Installs the SIGILL/SIGTRAP handler. Returns false where traps cannot
    /// be intercepted (only x86_64 Linux is supported). Idempotent; installs
    /// again when another handler replaced ours (a test tool that put back
    /// the handler it had saved).
    ///
    /// A handler installed before ours that is neither the default nor the
    /// Swift runtime's belongs to another tool (Nimble's `throwAssertion`):
    /// a trap on a thread with no `catchUnwind` goes to it instead of
    /// ending the process, and so does an uncaught `panic` or `fatal`.
    ///
    /// Also routes the Swift runtime's debugger hook (`_swift_runtime_on_report`,
    /// an empty function the runtime calls with each fatal-error message on
    /// the reporting thread) to keep that message per thread, so that threads
    /// trapping at once each get their own. Its code is replaced by a jump
    /// only when it is exactly the expected empty body.
    ///
    /// Also turns the runtime failures that end in `abort()` (a failed
    /// `as!`, a freed `unowned` object, an exclusivity violation) into
    /// panics, with a SIGABRT handler that lets every other abort through.
    @discardableResult
    public static func enable() -> Bool {
        // Each thread's own fatal-error message, for the trap's report.
        _ = cunwind_runtime_report_hook_install()
        _ = RuntimeFailureInterception.enable()
        return cunwind_trap_install(trapEntry)
    }

    /// Removes the handlers: traps and runtime failures kill the process again, as without this package.
    /// Another tool's handler installed over ours stays; ours, if that tool puts it back, lets every signal through.
    public static func disable() {
        cunwind_trap_uninstall()
        RuntimeFailureInterception.disable()
    }

    /// True while traps are turned into panics: enabled, and our handler is
    /// the one installed (read each time; false while another tool's
    /// handler is installed over ours).
    public static var isEnabled: Bool { cunwind_trap_installed() }
}

/// Where a trap continues, on the trapping thread's stack, outside the signal handler.
private let trapEntry: cunwind_trap_entry = { _ in
    Panicking.beginTrap()
}
