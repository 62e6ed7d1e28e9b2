import CUnwind

/// Registers `action` to run once when the process ends normally: at the
/// end of `start` (whether `main` returned, threw or
/// panicked), or at `exit` (an uncaught panic on any thread exits through it).
///
/// Actions run in reverse order of registration, on the exiting thread, after
/// stdout is flushed; stdout is flushed again after them. A panic in an action
/// is reported and the remaining actions still run (under the `PanicAbort`
/// trait, it aborts). An action registered once the actions have started is
/// never run. An abort (SIGABRT, a stack overflow, `PanicAbort`) runs none.
public func atExit(_ action: @escaping @Sendable () -> Void) {
    ProcessCleanup.register(action)
}

/// The cleanup `start` runs before `exit` (Rust's `rt::cleanup`): flush
/// stdout, run the at-exit actions; once per process, whoever asks first.
///
/// Its state is a C lock word and two plain globals, not a `PanicLock`: a
/// generic lock around the list would be instantiated at every exit, even
/// with nothing registered (the Swift runtime looks its type up by mangled
/// name, about 2% of a hello world's start-up, issue 15).
package enum ProcessCleanup {
    /// An action kept in a class, so the closure is never re-wrapped.
    private final class Action: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// The lock over `actions` and `registeredWithLibc`.
    private static var lock: UnsafeMutablePointer<UInt32> { cunwind_lock_word(Int32(CUNWIND_WORD_PROCESS_CLEANUP_LOCK)) }
    /// The registered actions, under `lock`; nil once the cleanup has begun.
    nonisolated(unsafe) private static var actions: [Action]? = []
    /// True once the cleanup is registered with the C library's `atexit`; under `lock`.
    nonisolated(unsafe) private static var registeredWithLibc = false

    static func register(_ action: @escaping @Sendable () -> Void) {
        let wrapped = Action(action)
        cunwind_futex_lock(lock)
        let first = !registeredWithLibc && actions != nil
        if first { registeredWithLibc = true }
        actions?.append(wrapped)
        cunwind_futex_unlock(lock)
        if first {
            atexit { ProcessCleanup.runOnce() }
        }
    }

    /// Flushes stdout and runs the actions; only the first call does anything.
    package static func runOnce() {
        cunwind_futex_lock(lock)
        let taken = actions
        actions = nil
        cunwind_futex_unlock(lock)
        guard let taken else { return }
        fflush(nil)
        var index = taken.endIndex
        while index > taken.startIndex {
            index -= 1
            let action = taken[index]
            // A panic must not leave through `exit`'s atexit handler (a second
            // exit from there is undefined): report it and go on.
            _ = catchUnwind { beginShortBacktrace(action.run) }
        }
        fflush(nil)
    }
}
