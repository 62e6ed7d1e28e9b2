import SwiftGlibc

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
package enum ProcessCleanup {
    /// An action kept in a class, so the closure is never re-wrapped by the lock.
    private final class Action: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// The registered actions; nil once the cleanup has begun.
    private static let actions = PanicLock<[Action]?>([])
    /// True once the cleanup is registered with the C library's `atexit`.
    private static let registeredWithLibc = PanicAtomic<Bool>(false)

    static func register(_ action: @escaping @Sendable () -> Void) {
        if !registeredWithLibc.exchange(true, ordering: .acquiringAndReleasing) {
            atexit { ProcessCleanup.runOnce() }
        }
        actions.withLock { $0?.append(Action(action)) }
    }

    /// Flushes stdout and runs the actions; only the first call does anything.
    package static func runOnce() {
        guard let taken = actions.withLock({ list -> [Action]? in
            defer { list = nil }
            return list
        }) else { return }
        fflush(nil)
        for action in taken.reversed() {
            // A panic must not leave through `exit`'s atexit handler (a second
            // exit from there is undefined): report it and go on.
            _ = catchUnwind { beginShortBacktrace(action.run) }
        }
        fflush(nil)
    }
}
