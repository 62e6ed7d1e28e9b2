import CUnwind
import Panic

/// Runs the async `body` and returns its result, or the panic that ended it:
/// the async form of ``catchUnwind(_:)``.
///
/// A panic (or, with ``TrapInterception`` enabled, a trap) anywhere inside
/// `body` runs the panic hook, then comes back here as `.failure`: after
/// suspension points, on any thread, and in `body`'s structured children
/// (`async let`, task groups). An error `body` throws is rethrown.
/// Cancellation of the caller, its task-local values and its priority reach
/// `body`.
///
/// How: `body` runs as one new task (with the caller's name, if any) whose
/// task executor preference runs each of its jobs, and its children's, inside
/// a catch frame: the first job at once on the caller's thread, nested in the
/// caller's job, later ones on the global pool (Dispatch). A panic abandons
/// the panicked task (never resumed; what it held is never released), cancels
/// the body's other children, and the thread goes on with other jobs. A call
/// that does not panic costs about one task creation more than `await body()`
/// and no hop; what a caught panic keeps is measured in Benchmarks/README.md.
///
/// Outside the boundary, a panic ends the process as it always did (report,
/// status 101): in a `Task {}` or `Task.detached {}` that `body` creates
/// (they do not inherit the executor preference), in code `body` runs on
/// the main actor (`MainActor.run`), and under another executor preference
/// (`withTaskExecutorPreference(globalConcurrentExecutor)`).
///
/// A panic while `body` runs isolated to an actor (an actor's method called
/// from `body`) cannot be caught: the actor would stay locked. The process
/// then prints the report, then `note: the panic happened while isolated to
/// an actor, which would stay locked forever; it cannot be caught`, and exits
/// with status 101.
///
/// Under the `PanicAbort` trait nothing is caught: `body` runs in the
/// caller's task and a panic ends the process.
public func catchUnwindAsync<T: Sendable>(
    _ body: @escaping @Sendable () async throws -> T
) async throws -> Result<T, Panicked> {
    #if PanicAbort
    // Nothing to catch: the machinery is not even built.
    return .success(try await body())
    #else
    return try await AsyncCatchBoundary(capturesReports: false).result(of: body)
    #endif
}

#if !PanicAbort
extension AsyncCatchBoundary {
    /// Runs `body` in this boundary (``run(_:)``) and returns its value or
    /// its panic; its error is rethrown.
    func result<T: Sendable>(of body: @escaping @Sendable () async throws -> T) async throws -> Result<T, Panicked> {
        // The value's slot: written by the body's task just before it
        // resumes this one. A panic anywhere in the body leaves it unwritten
        // for good (the body's closure cannot return once a task of its
        // tree is abandoned), so it can be freed whatever the outcome.
        nonisolated(unsafe) let slot = UnsafeMutablePointer<T>.allocate(capacity: 1)
        defer { slot.deallocate() }
        if let panicked = try await run({ slot.initialize(to: try await body()) }) {
            return .failure(panicked)
        }
        return .success(slot.move())
    }
}
#endif
