import CUnwind

/// A panic inside a cleanup (`withUnwindCleanup`) that runs because another
/// panic is passing: Rust's panic in a destructor during unwinding.
///
/// As in Rust, the hook runs for it (the default hook prints a full
/// backtrace, this being the thread's second panic); then, the panic being
/// unable to unwind out of the cleanup, the hook runs once more, for a panic
/// that cannot unwind (``PanicInfo/canUnwind`` false) with the message
/// `panic in a destructor during cleanup` and no backtrace, and the process
/// aborts after `thread caused non-unwinding panic. aborting.`
enum PanicInCleanup {
    /// Rust's message for the panic that cannot leave the cleanup.
    static let message = "panic in a destructor during cleanup"

    /// True while this thread runs the cleanups of a panic in flight.
    static var isRunningCleanups: Bool { PanicCount.local.pointee.in_unwind_cleanup }

    /// Reports the panic raised in the cleanup, then the one it becomes, and
    /// aborts. Called with the panic counted and the thread in its hook.
    static func abort(payload: consuming any Sendable, location: consuming SourceLocation) -> Never {
        let at = location
        runHook(PanicInfo(payload: consume payload, location: consume location, threadName: ThreadIdentity.currentName, canUnwind: true))
        // Still in the hook for the second report: a panic in it is a panic
        // while panicking.
        var cannotUnwind = PanicInfo(payload: message, location: at, threadName: ThreadIdentity.currentName, canUnwind: false)
        cannotUnwind.forcesNoBacktrace = true
        runHook(cannotUnwind)
        StandardError.writeReport("thread caused non-unwinding panic. aborting.\n")
        cunwind_abort()
    }

    /// Calls the hook with `info`; what it made is released when this returns.
    @inline(never)
    private static func runHook(_ info: consuming PanicInfo) {
        HookRegistry.run(info)
    }
}
