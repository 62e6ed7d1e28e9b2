import Panic

/// Runs `body` and returns its result, or the panic that ended it.
///
/// A panic inside `body` (on this thread, at any depth) runs the panic hook,
/// then returns here as `.failure`; the frames in between are left without
/// running their `defer` blocks or releasing what they held. The thread's
/// panic count is back to zero afterwards, and read accesses that the panic
/// interrupted are forgotten, so the same variables can be used again.
///
/// A panic is caught only when the program is safe to go on afterwards. When
/// the frames it would leave hold a running global or `static let`
/// initializer, a Dispatch call, the loader's lock, or an unfinished
/// modification of a global or class property (a possibly torn value), the
/// process ends after the report with one `note:` line saying why and status
/// 101. Skipped `print` frames are repaired (stdout's lock is given back).
/// See docs/GUARANTEES.md, "Surviving a caught panic".
///
/// Under the `PanicAbort` trait nothing is caught: a panic ends the process.
/// Panics in other threads or in async tasks are not caught.
///
/// Inlinable, so that callers get it specialized for their `T` (a generic
/// call through witness tables cost 230 ns; specialized, a few ns above the
/// catch frame itself), and allocation-free.
@inlinable
public func catchUnwind<T>(_ body: () -> T) -> Result<T, Panicked> {
    // This frame stays on the stack while `body` runs, so it is kept small
    // for unoptimized builds too, where every temporary has a slot: the
    // result is built by `_catchOutcome`, once the catch frame has closed.
    // Under the PanicAbort trait the C side runs `body` without a frame.
    var result: T? = nil
    return _catchOutcome(cunwindCatch({ result = body() }), &result)
}

/// The result of ``catchUnwind(_:)`` once its catch frame has closed: the
/// panic that landed, or the value `body` returned.
@inlinable
func _catchOutcome<T>(_ landed: UnsafeMutableRawPointer?, _ result: inout T?) -> Result<T, Panicked> {
    if let landed { return .failure(Panicked(landedAt: landed)) }
    return .success(result.take().unsafelyUnwrapped)
}

/// Sends a caught panic on to the next `catchUnwind` out, without running the
/// panic hook again (Rust's `resume_unwind`). With no catch frame left on the
/// thread, the process exits with status 101 and prints nothing more.
///
/// Calling it while this thread is panicking (inside a hook) aborts as a
/// panic while panicking does.
///
/// The panic is taken over; a copy the caller keeps stays in a frame the
/// jump leaves and is never released. Taking the result apart with
/// `switch consume result` keeps none in an optimized build.
public func resumeUnwind(_ panic: consuming Panicked) -> Never {
    // Taken over, not borrowed: a borrowed panic would be copied, and the
    // caller's own reference, in a frame the jump leaves, never released.
    Panicking.resume((consume panic).panic)
}

/// The strategy this build was compiled with: `.unwind`, or `.abort` when the
/// package trait `PanicAbort` is enabled.
public var panicStrategy: PanicStrategy { PanicStrategy.compiled }
