import CUnwind

/// Stack overflow reports (CUnwind/StackOverflow.c): a guard-page hit on a
/// prepared thread prints
///
/// ```
///
/// thread 'main' (4242) has overflowed its stack
/// fatal runtime error: stack overflow, aborting
/// ```
///
/// and ends the process with SIGABRT, one report and no crash report from
/// the Swift runtime's backtracer. Other faults keep the behaviour they had.
/// `start` prepares the main thread, `spawn` each thread it makes; threads
/// made otherwise (Dispatch, the Swift concurrency pool) have no alternate
/// signal stack, and an overflow there is the plain SIGSEGV it always was.
package enum StackOverflowReporting {
    /// Installs the process-wide handler (once) and prepares the main thread.
    /// Called by `start` on the main thread.
    package static func prepareMainThread() {
        _ = cunwind_overflow_install()
        _ = cunwind_overflow_thread_begin(true)
    }

    /// Installs the process-wide handler (once) and prepares the calling
    /// thread, which `spawn` made. Pair with ``finishSpawnedThread()``.
    package static func prepareSpawnedThread() {
        _ = cunwind_overflow_install()
        _ = cunwind_overflow_thread_begin(false)
    }

    /// Frees what ``prepareSpawnedThread()`` mapped; the thread is about to exit.
    package static func finishSpawnedThread() {
        cunwind_overflow_thread_end()
    }

    /// The calling thread's guard range, when one is recorded (for tests).
    package static var guardRange: Range<UInt>? {
        var low: UInt = 0, high: UInt = 0
        guard cunwind_overflow_guard_range(&low, &high) else { return nil }
        return low..<high
    }

    /// True when the calling thread has an alternate signal stack (for tests).
    package static var hasAlternateStack: Bool { cunwind_overflow_has_altstack() }
}
