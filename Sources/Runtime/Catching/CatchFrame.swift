/// Runs `body` inside a new catch frame (CUnwind/CatchFrame.c). Returns nil
/// when `body` returned, or the retained `InFlightPanic` of a panic that
/// jumped to the frame.
///
/// Declared here with its Swift signature so that the non-escaping closure
/// reaches C as its two words (function, context): nothing is allocated or
/// retained for it, and no `withoutActuallyEscaping` check can trip when a
/// panic skips the closure's frames.
@usableFromInline
@_silgen_name("cunwind_catch")
func cunwindCatch(_ body: () -> Void) -> UnsafeMutableRawPointer?

/// ``cunwindCatch(_:)`` for a frame around one job of another task
/// (catchUnwindAsync's job host): it records the task that opened it and
/// saves the exclusivity state at the open, because the job brings its own
/// task's accesses into the thread's set.
@_silgen_name("cunwind_catch_job")
func cunwindCatchJob(_ body: () -> Void) -> UnsafeMutableRawPointer?
