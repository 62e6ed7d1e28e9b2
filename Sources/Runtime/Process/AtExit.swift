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
/// Its state is two C words (a lock and the list), not Swift globals: a
/// global holding the list is initialized through `swift_once` at every
/// exit, even with nothing registered (one more page touched, and a generic
/// lock around it had its metadata looked up by mangled name: about 2% of a
/// hello world's start-up, issue 15).
package enum ProcessCleanup {
    /// An action kept in a class, so the closure is never re-wrapped.
    private final class Action: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// The registered actions, made at the first registration.
    private final class ActionList {
        var actions: [Action] = []
    }

    /// The lock over `list`.
    private static var lock: UnsafeMutablePointer<UInt32> { cunwind_lock_word(Int32(CUNWIND_WORD_PROCESS_CLEANUP_LOCK)) }
    /// Under `lock`: 0 while nothing is registered, `begun` once the
    /// cleanup has begun, else the retained `ActionList`. (CUnwind's word
    /// functions directly: Panic's generic `PanicWord` is not specialized
    /// across modules, and its metadata would be looked up at every exit.)
    private static var list: UnsafeMutablePointer<Int> { cunwind_word(Int32(CUNWIND_WORD_PROCESS_CLEANUP_LIST)) }
    private static let begun = 1

    static func register(_ action: @escaping @Sendable () -> Void) {
        let wrapped = Action(action)
        cunwind_futex_lock(lock)
        let state = cunwind_atomic_load(list)
        guard state != begun else {
            // Registered too late: never run.
            cunwind_futex_unlock(lock)
            return
        }
        let actions: ActionList
        if let existing = UnsafeRawPointer(bitPattern: state) {
            actions = Unmanaged<ActionList>.fromOpaque(existing).takeUnretainedValue()
        } else {
            actions = ActionList()
            cunwind_atomic_store(list, Int(bitPattern: Unmanaged.passRetained(actions).toOpaque()))
        }
        actions.actions.append(wrapped)
        cunwind_futex_unlock(lock)
        if state == 0 {
            atexit { ProcessCleanup.runOnce() }
        }
    }

    /// Flushes stdout and runs the actions; only the first call does anything.
    package static func runOnce() {
        cunwind_futex_lock(lock)
        let state = cunwind_atomic_exchange(list, begun)
        cunwind_futex_unlock(lock)
        guard state != begun else { return }
        fflush(nil)
        if let registered = UnsafeRawPointer(bitPattern: state) {
            let taken = Unmanaged<ActionList>.fromOpaque(registered).takeRetainedValue().actions
            var index = taken.endIndex
            while index > taken.startIndex {
                index -= 1
                let action = taken[index]
                // A panic must not leave through `exit`'s atexit handler (a second
                // exit from there is undefined): report it and go on.
                _ = catchUnwind { beginShortBacktrace(action.run) }
            }
        }
        fflush(nil)
    }
}
