import CUnwind
import Panic

// The carrier machinery of catchUnwindAsync: not built under PanicAbort,
// where nothing is caught.
#if !PanicAbort
/// One `catchUnwindAsync` call, as its body's task and the panic path see
/// it: a task-local value that the body's structured children inherit.
class AsyncCatchBoundaryBase: @unchecked Sendable {
    /// The boundary of the `catchUnwindAsync` body running in this task.
    @TaskLocal static var current: AsyncCatchBoundaryBase?

    /// True when a panic that lands here has its report captured (kept for
    /// the caller) instead of printed by the hook.
    let capturesReports: Bool

    init(capturesReports: Bool) { self.capturesReports = capturesReports }

    /// Ends the call with `.failure(panicked)` (once; later outcomes are
    /// dropped); `report` is the panic's captured report, if captured.
    func finish(panicked: Panicked, report: String?) {}

    /// Asks the panic path (CUnwind's `cunwind_has_catch_frame`) to consult
    /// ``acceptsPanic(ofTask:)`` for panics above a job host's frame, and
    /// (Panic's `ReportCapture`) ``reportCapture()`` for where a report goes.
    static func installFilter() {
        cunwind_set_foreign_task_filter { task in AsyncCatchBoundaryBase.acceptsPanic(ofTask: task) }
        ReportCapture.install {
            AsyncCatchBoundaryBase.reportCapture().map { Unmanaged.passUnretained($0).toOpaque() }
        }
    }

    /// Called in the panic path on the panicking thread, before the hook:
    /// the capture of the job host this panic will land in, when the task's
    /// boundary captures reports. The conditions are those of
    /// ``acceptsPanic(ofTask:)``: a panic it refuses was never captured.
    private static func reportCapture() -> ReportCapture? {
        guard let host = JobHost.current, host.frame == cunwind_innermost_catch_frame(), host.canLand,
              !cunwind_job_on_serial_executor(), let boundary = current, boundary.capturesReports
        else { return nil }
        return host.reportCapture
    }

    /// Called on the panicking thread, after the hook, when the innermost
    /// catch frame was opened by another task. True lets the panic jump to
    /// it: only to a ``JobHost``'s frame, in a task that runs a
    /// `catchUnwindAsync` body, and not while isolated to an actor (whose
    /// lock the jump would leave held forever).
    static func acceptsPanic(ofTask task: UnsafeMutableRawPointer?) -> Bool {
        // Only to the frame of the host running this job: not to a frame
        // the job itself opened for another task (`Task.immediate` inside a
        // `catchUnwind`), nor on a thread where no host runs.
        guard let host = JobHost.current, host.frame == cunwind_innermost_catch_frame() else { return false }
        if !host.canLand {
            StandardError.write("catchUnwindAsync: the concurrency runtime's thread state cannot be saved here; exiting with status 101\n")
            return false
        }
        if cunwind_job_on_serial_executor() {
            StandardError.write(
                "catchUnwindAsync: the panic happened on an actor, which would stay locked forever; exiting with status 101\n"
            )
            return false
        }
        guard let boundary = current else {
            StandardError.write("catchUnwindAsync: the panicking task belongs to no catchUnwindAsync call; exiting with status 101\n")
            return false
        }
        host.land(in: boundary)
        return true
    }
}

/// The boundary of one call: resumes the caller once, with the body's
/// result, its error, or its panic.
final class AsyncCatchBoundary<T: Sendable>: AsyncCatchBoundaryBase, @unchecked Sendable {
    private struct State {
        var continuation: UnsafeContinuation<Result<T, Panicked>, any Error>?
        var task: Task<Void, Never>?
        /// The caller was cancelled, or a panic abandoned the body.
        var cancelled = false
        /// The report of the panic that ended the call, when captured.
        var report: String?
        /// The body's task, kept after the call ended (``bodyTask``).
        var bodyTask: Task<Void, Never>?
    }

    private let state = PanicLock(State())

    /// Set before the body's task starts.
    func wait(with continuation: UnsafeContinuation<Result<T, Panicked>, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// The body's task, for cancellation; cancelled at once when the caller already was.
    func started(_ task: Task<Void, Never>) {
        let cancel = state.withLock { state -> Bool in
            state.task = task
            state.bodyTask = task
            return state.cancelled
        }
        if cancel { task.cancel() }
    }

    /// The body's task, once started: awaiting it after a call that did
    /// not panic waits until the task has let go of everything it held
    /// (its closure and `body`). After a panic it never ends.
    var bodyTask: Task<Void, Never>? { state.withLock { $0.bodyTask } }

    /// The captured report of the panic that ended the call (read after it ended).
    var report: String? { state.withLock { $0.report } }

    /// True once the caller was cancelled (read by the body's task as it
    /// starts, which may be before ``started(_:)`` ran).
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// The caller was cancelled: so is the body.
    func cancel() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }

    func finish(_ outcome: Result<Result<T, Panicked>, any Error>) {
        // The task handle is let go here (the task's closure holds this
        // boundary: no cycle survives the call).
        let continuation = state.withLock { state in
            defer {
                state.continuation = nil
                if !state.cancelled { state.task = nil }
            }
            return state.continuation
        }
        continuation?.resume(with: outcome)
    }

    /// A panic ends the call, and cancels what is left of the body (its
    /// other children) so that it winds down instead of running on unseen.
    override func finish(panicked: Panicked, report: String?) {
        cancel()
        // The report goes with the panic that takes the continuation.
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            if state.continuation != nil { state.report = report }
            return state.continuation
        }
        continuation?.resume(returning: .failure(panicked))
    }
}
#endif
