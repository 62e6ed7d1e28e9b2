/// Runs `body`, then `cleanup`, also when a panic leaves `body`: a `defer`
/// that survives panics.
///
/// A panic jumps over the frames between it and its `catchUnwind`, so their
/// `defer` blocks do not run and what they hold is not released. Cleanup
/// registered here does run: after the panic hook, before the panic lands,
/// innermost first. It also runs when `body` returns or throws. A panic that
/// ends the process (no `catchUnwind` on the thread) runs it too, before
/// exiting; under the `PanicAbort` trait a panic aborts without it.
///
/// A panic inside `cleanup` while a panic is passing cannot unwind (Rust's
/// panic in a destructor during unwinding): the hook runs for it (the
/// default hook with a full backtrace), then once more for
/// `panic in a destructor during cleanup` (`PanicInfo.canUnwind` false),
/// and the process aborts after `thread caused non-unwinding panic. aborting.`
///
/// ```swift
/// let file = try open(path)
/// try withUnwindCleanup({ file.close() }) {
///     try process(file)            // may panic
/// }
/// ```
public func withUnwindCleanup<T, E: Error>(_ cleanup: () -> Void, body: () throws(E) -> T) throws(E) -> T {
    var outcome: Result<T, E>? = nil
    cunwindWithCleanup({
        do throws(E) {
            outcome = .success(try body())
        } catch {
            outcome = .failure(error)
        }
    }, cleanup)
    return try outcome!.get()
}

/// Runs `body` with `cleanup` registered, then `cleanup`
/// (CUnwind/UnwindCleanup.c). Declared with its Swift signature so that the
/// non-escaping closures reach C as their two words each.
@usableFromInline
@_silgen_name("cunwind_with_cleanup")
func cunwindWithCleanup(_ body: () -> Void, _ cleanup: () -> Void)
