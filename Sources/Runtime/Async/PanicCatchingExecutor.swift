import CUnwind
import Panic

// The carrier machinery of catchUnwindAsync: not built under PanicAbort,
// where nothing is caught.
#if !PanicAbort
/// The task executor that runs every `catchUnwindAsync` body (SE-0417 task
/// executor preference): each job of the body's task, of its structured
/// children, and of the actors they call, runs inside a catch frame.
///
/// It has no threads of its own. Each job is handed to the global
/// concurrent executor inside a small carrier task, which runs it nested
/// (`runSynchronously(on:)`) inside a ``JobHost``'s catch frame: the body
/// runs on the cooperative pool, usually on the thread its caller just
/// left, with no wake-up of another thread.
///
/// A panic in a job jumps to that frame: the host puts the concurrency
/// runtime's thread-locals back as they were before the job
/// (CUnwind/JobThread.c), gives the panic to the body's
/// ``AsyncCatchBoundaryBase``, and the carrier ends normally. The panicked
/// task is abandoned: it never runs again and what it held is never released.
final class PanicCatchingExecutor: TaskExecutor, @unchecked Sendable {
    /// The one executor of the process.
    static let shared = PanicCatchingExecutor()

    private init() {
        AsyncCatchBoundaryBase.installFilter()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Task.detached(priority: TaskPriority(rawValue: job.priority.rawValue)) {
            JobHost.run(job, on: executor)
        }
    }
}

/// One job, run inside a catch frame by its carrier task; what the panic
/// path leaves for the frame (the boundary of the task that panicked, found
/// while that task was still current). Touched only by its own thread.
final class JobHost: @unchecked Sendable {
    /// The catch frame this host opened (an identity, compared by the filter).
    private(set) var frame: UnsafeMutableRawPointer?
    /// False when the runtime's thread-locals could not be saved: a panic
    /// must not jump out of the job then.
    let canLand: Bool
    private var boundary: AsyncCatchBoundaryBase?
    private var capture: ReportCapture?

    /// Where the report of a panic landing here goes when its boundary
    /// captures reports: made at the first panic, in the panic path.
    var reportCapture: ReportCapture {
        if let capture { return capture }
        let made = ReportCapture()
        capture = made
        return made
    }

    private init(canLand: Bool) { self.canLand = canLand }

    /// Runs `job` nested in the current (carrier) task's job, inside a catch frame.
    static func run(_ job: UnownedJob, on executor: UnownedTaskExecutor) {
        var saved = cunwind_job_thread_state()
        let host = JobHost(canLand: cunwind_job_thread_save(&saved))
        let outer = cunwind_job_thread_owner()
        cunwind_job_thread_set_owner(Unmanaged.passUnretained(host).toOpaque())
        let landed = cunwindCatchJob {
            host.frame = cunwind_innermost_catch_frame()
            beginShortBacktrace { job.runSynchronously(on: executor) }
        }
        guard let landed else {
            cunwind_job_thread_set_owner(outer)
            return
        }
        // Before any Swift code can look at them: the current task and the
        // executor record still name the abandoned job.
        let repaired = cunwind_job_thread_restore(&saved)
        cunwind_job_thread_set_owner(outer)
        let panicked = Panicked(landedAt: landed)
        host.takeBoundary()?.finish(panicked: panicked, report: host.capture?.text)
        if !repaired {
            StandardError.write("catchUnwindAsync: the concurrency runtime's thread state could not be restored after a panic; exiting with status 101\n")
            Panicking.exitUncaught()
        }
    }

    func land(in boundary: AsyncCatchBoundaryBase) { self.boundary = boundary }

    func takeBoundary() -> AsyncCatchBoundaryBase? {
        defer { boundary = nil }
        return boundary
    }

    /// The host whose job runs on this thread now, or nil.
    static var current: JobHost? {
        cunwind_job_thread_owner().map { Unmanaged<JobHost>.fromOpaque($0).takeUnretainedValue() }
    }
}
#endif
