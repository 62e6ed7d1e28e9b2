import CUnwind

/// Panics in flight in the whole process. Checked first by ``isPanicking``,
/// so that a thread that is not panicking pays one relaxed load.
private var globalCount: PanicWord<Int> { PanicWord(Int32(CUNWIND_WORD_GLOBAL_PANIC_COUNT)) }

/// True while this thread is panicking: from the start of a panic, through
/// its hook, until the panic lands in a `catchUnwind`.
///
/// Costs one relaxed atomic load when no thread in the process is panicking.
public var isPanicking: Bool {
    globalCount.load(ordering: .relaxed) != 0 && PanicCount.local.pointee.panic_count != 0
}

/// Panics in flight on this thread: 1 inside a panic hook, 0 outside any panic.
public var panicCount: Int { PanicCount.local.pointee.panic_count }

/// Panics in flight on all threads of the process.
public var globalPanicCount: Int { globalCount.load(ordering: .relaxed) }

/// The bookkeeping of Rust's `panic_count`: a global counter and, per thread,
/// a counter and an in-hook flag (kept in CUnwind's thread state).
package enum PanicCount {
    /// Why a new panic must abort instead of running its hook.
    package enum MustAbort: Sendable {
        /// The thread panicked inside its panic hook (or resumed a panic
        /// inside cleanup run for a panic already in flight).
        case panicWhilePanicking
        /// The thread panicked inside cleanup run for a panic in flight
        /// (Rust's panic in a destructor during unwinding): the hook runs
        /// (counted, so with the thread in its hook), then the process
        /// aborts, as the panic cannot unwind out of the cleanup.
        case panicInCleanup
    }

    static var local: UnsafeMutablePointer<cunwind_thread_state> { cunwind_thread_state_current() }

    /// Counts a new panic on this thread. `runsHook` marks the thread as being
    /// in its hook until ``finishedHook()``. Returns why the panic must abort,
    /// or nil.
    package static func increase(runsHook: Bool) -> MustAbort? {
        globalCount.add(1, ordering: .relaxed)
        let state = local
        if !state.pointee.in_panic_hook && state.pointee.in_unwind_cleanup && runsHook {
            state.pointee.panic_count += 1
            state.pointee.in_panic_hook = true
            return .panicInCleanup
        }
        if state.pointee.in_panic_hook || state.pointee.panic_count > 0 {
            return .panicWhilePanicking
        }
        state.pointee.panic_count += 1
        state.pointee.in_panic_hook = runsHook
        return nil
    }

    /// The hook of the panic in flight has returned.
    package static func finishedHook() {
        local.pointee.in_panic_hook = false
    }

    /// The panic in flight on this thread has been caught.
    package static func decrease() {
        globalCount.subtract(1, ordering: .relaxed)
        let state = local
        state.pointee.panic_count -= 1
        state.pointee.in_panic_hook = false
    }
}
