import CUnwind
import Panic

// The machinery of catchUnwindAsync: not built under PanicAbort, where
// nothing is caught.
#if !PanicAbort
/// One `catchUnwindAsync` call, as its body's task and the panic path see
/// it: a task-local value that the body's structured children inherit. It
/// resumes the caller once, when the body returns, throws or panics.
///
/// Not generic: the body's value goes to a slot of the caller's
/// (``run(_:)``), so a call instantiates no generic metadata here.
final class AsyncCatchBoundary: @unchecked Sendable {
    /// The boundary of the `catchUnwindAsync` body running in this task.
    @TaskLocal static var current: AsyncCatchBoundary?

    /// True when a panic that lands here has its report captured (kept for
    /// the caller) instead of printed by the hook.
    let capturesReports: Bool

    // Guarded by `lock` (a futex word of CUnwind's FutexLock.h); unchecked:
    // the lock, not the runtime's exclusivity records, keeps accesses apart.
    private let lock = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    @exclusivity(unchecked) private var continuation: UnsafeContinuation<Panicked?, any Error>?
    /// The body's task, for cancellation; let go when the call ends.
    @exclusivity(unchecked) private var task: Task<Void, Never>?
    /// The caller was cancelled, or a panic abandoned the body.
    @exclusivity(unchecked) private var cancelled = false
    @exclusivity(unchecked) private var capturedReport: String?
    @exclusivity(unchecked) private var keptBodyTask: Task<Void, Never>?

    init(capturesReports: Bool) {
        self.capturesReports = capturesReports
        lock.initialize(to: 0)
    }

    deinit { lock.deallocate() }

    private func withLock<R>(_ body: () -> R) -> R {
        cunwind_futex_lock(lock)
        defer { cunwind_futex_unlock(lock) }
        return body()
    }

    /// Runs `body` as this boundary's task, whose first job runs at once on
    /// this thread (see ``PanicCatchingExecutor``); returns nil when it
    /// returned, the panic that ended it, or throws its error.
    func run(_ body: @escaping @Sendable () async throws -> Void) async throws -> Panicked? {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                self.continuation = continuation
                let operation: @Sendable () async -> Void = { [self] in
                    if isCancelled { withUnsafeCurrentTask { $0?.cancel() } }
                    await AsyncCatchBoundary.$current.withValue(self) {
                        do {
                            try await body()
                            finish(.success(nil))
                        } catch {
                            finish(.failure(error))
                        }
                    }
                }
                // The first job runs at once, nested in this one; not on an
                // actor, which it would keep from other work until the body
                // suspends, nor deeper than a few calls (each nested job
                // takes C stack, where a task's async frames take none).
                cunwind_job_thread_set_inline_start(
                    cunwind_job_thread_inline_depth() < PanicCatchingExecutor.inlineDepthLimit
                        && !cunwind_job_on_serial_executor()
                )
                let task = Task(name: Task.name, executorPreference: PanicCatchingExecutor.shared, operation: operation)
                cunwind_job_thread_set_inline_start(false)
                started(task)
            }
        } onCancel: {
            cancel()
        }
    }

    /// The body's task, once started: awaiting it after a call that did
    /// not panic waits until the task has let go of everything it held
    /// (its closure and `body`). After a panic it never ends.
    var bodyTask: Task<Void, Never>? { withLock { keptBodyTask } }

    /// The captured report of the panic that ended the call (read after it ended).
    var report: String? { withLock { capturedReport } }

    private var isCancelled: Bool { withLock { cancelled } }

    /// Keeps the body's task for cancellation (cancelled at once when the
    /// caller already was), unless the call already ended.
    private func started(_ started: Task<Void, Never>) {
        let cancel = withLock { () -> Bool in
            keptBodyTask = started
            if continuation != nil || cancelled { task = started }
            return cancelled
        }
        if cancel { started.cancel() }
    }

    /// The caller was cancelled: so is the body.
    private func cancel() {
        let task = withLock { () -> Task<Void, Never>? in
            cancelled = true
            return self.task
        }
        task?.cancel()
    }

    /// Resumes the caller with `outcome`, unless a panic did first. The
    /// task handle is let go (the task's closure holds this boundary).
    private func finish(_ outcome: Result<Panicked?, any Error>) {
        let continuation = withLock { () -> UnsafeContinuation<Panicked?, any Error>? in
            defer {
                self.continuation = nil
                if !cancelled { task = nil }
            }
            return self.continuation
        }
        continuation?.resume(with: outcome)
    }

    /// A panic ends the call, and cancels what is left of the body (its
    /// other children) so that it winds down instead of running on unseen.
    /// `report` is the panic's captured report, if captured.
    func finish(panicked: Panicked, report: String?) {
        cancel()
        let continuation = withLock { () -> UnsafeContinuation<Panicked?, any Error>? in
            defer { self.continuation = nil }
            if self.continuation != nil { capturedReport = report }
            return self.continuation
        }
        continuation?.resume(returning: panicked)
    }
}

// MARK: - What the panic path asks

extension AsyncCatchBoundary {
    /// Asks the panic path (CUnwind's `cunwind_has_catch_frame`) to consult
    /// ``acceptsPanic(ofTask:)`` for panics above a job host's frame, and
    /// (Panic's `ReportCapture`) ``reportCapture()`` for where a report goes.
    static func installFilter() {
        cunwind_set_foreign_task_filter { task in AsyncCatchBoundary.acceptsPanic(ofTask: task) }
        ReportCapture.install {
            AsyncCatchBoundary.reportCapture().map { Unmanaged.passUnretained($0).toOpaque() }
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
        guard host.canLand else {
            return refuse("the concurrency runtime's thread state could not be saved before this job")
        }
        if cunwind_job_on_serial_executor() {
            return refuse("the panic happened while isolated to an actor, which would stay locked forever")
        }
        guard let boundary = current else {
            return refuse("the panicking task belongs to no catchUnwindAsync call")
        }
        host.land(in: boundary)
        return true
    }

    /// Says, after the report, why a panic in a boundary's job ends the
    /// process: the one `note: …; it cannot be caught` line of every panic
    /// that is not caught for want of safety (the caller then exits 101).
    private static func refuse(_ reason: String) -> Bool {
        StandardError.write("note: \(reason); it cannot be caught\n")
        return false
    }
}
#endif
