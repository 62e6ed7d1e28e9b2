import CUnwind
import Panic

// The machinery of catchUnwindAsync: not built under PanicAbort, where
// nothing is caught.
#if !PanicAbort
/// The task executor that runs every `catchUnwindAsync` body (SE-0417 task
/// executor preference): each job of the body's task, of its structured
/// children, and of the actors they call, runs inside a catch frame.
///
/// It has no threads of its own: each job goes to libdispatch's global queue
/// of its priority (`dispatch_async_f`, the pool Swift's global executor
/// uses), with a C function that runs it inside a ``JobHost``'s catch frame.
/// Nothing is allocated for a job but Dispatch's own continuation.
///
/// A panic in a job jumps to that frame: the host puts the concurrency
/// runtime's thread-locals back as they were before the job
/// (CUnwind/JobThread.c) and gives the panic to the body's
/// ``AsyncCatchBoundary``. The panicked task is abandoned: it never
/// runs again.
final class PanicCatchingExecutor: TaskExecutor, @unchecked Sendable {
    /// The one executor of the process.
    static let shared = PanicCatchingExecutor()

    /// How many first jobs may run nested on one thread's stack at once
    /// (catchUnwindAsync inside catchUnwindAsync, each started inline); the
    /// next one goes to the pool.
    static let inlineDepthLimit: UInt32 = 16

    /// ``shared``, as the jobs are run on it.
    private static let unownedShared = shared.asUnownedTaskExecutor()

    /// False when libdispatch's functions were not found: each job then
    /// goes to the global executor in a carrier task of its own.
    private let dispatches = cunwind_job_dispatch_available()

    private init() {
        AsyncCatchBoundary.installFilter()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // The body's first job, enqueued while catchUnwindAsync creates its
        // task: run here, nested in the caller's job, with no hop.
        if cunwind_job_thread_take_inline_start() && cunwind_job_thread_can_save() {
            return JobHost.run(job, on: Self.unownedShared, nested: true)
        }
        guard dispatches else {
            let executor = asUnownedTaskExecutor()
            Task.detached(priority: TaskPriority(rawValue: job.priority.rawValue)) {
                JobHost.run(job, on: executor)
            }
            return
        }
        cunwind_job_dispatch(unsafeBitCast(job, to: UnsafeMutableRawPointer.self), Self.qualityOfService(job.priority)) { raw in
            JobHost.run(unsafeBitCast(raw, to: UnownedJob.self), on: PanicCatchingExecutor.unownedShared)
        }
    }

    /// Dispatch's QOS_CLASS_* for a job's priority: Swift's priorities are
    /// those values; others are rounded down to one, unspecified is default.
    private static func qualityOfService(_ priority: JobPriority) -> UInt32 {
        switch priority.rawValue {
        case 0: 0x15
        case 0x21...: 0x21
        case 0x19...: 0x19
        case 0x15...: 0x15
        case 0x11...: 0x11
        default: 0x09
        }
    }
}

/// One job run inside a catch frame on this thread, and what the panic
/// path leaves for the frame (the boundary of the task that panicked, found
/// while that task was still current). Touched only by its own thread.
final class JobHost: @unchecked Sendable {
    /// The catch frame this host opened (an identity, compared by the filter).
    private(set) var frame: UnsafeMutableRawPointer?
    /// False when the runtime's thread-locals could not be saved: a panic
    /// must not jump out of the job then.
    let canLand: Bool
    private var boundary: AsyncCatchBoundary?
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

    /// Runs `job` on this thread inside a catch frame. `nested`: inside
    /// another task's job (the body's first one, started at once), whose
    /// current task is put back afterwards, as `Task.immediate` does.
    static func run(_ job: UnownedJob, on executor: UnownedTaskExecutor, nested: Bool = false) {
        var saved = cunwind_job_thread_state()
        let host = JobHost(canLand: cunwind_job_thread_save(&saved))
        let outer = cunwind_job_thread_owner()
        cunwind_job_thread_set_owner(Unmanaged.passUnretained(host).toOpaque())
        let depth = cunwind_job_thread_inline_depth()
        if nested { cunwind_job_thread_set_inline_depth(depth + 1) }
        let landed = cunwindCatchJob {
            host.frame = cunwind_innermost_catch_frame()
            beginShortBacktrace { job.runSynchronously(on: executor) }
        }
        if nested { cunwind_job_thread_set_inline_depth(depth) }
        guard let landed else {
            if nested && !cunwind_job_thread_restore(&saved) {
                StandardError.write("error: catchUnwindAsync: the concurrency runtime's thread state could not be restored after a job\n")
                Panicking.exitUncaught()
            }
            cunwind_job_thread_set_owner(outer)
            return
        }
        // Before any Swift code can look at them: the current task and the
        // executor record still name the abandoned job.
        let repaired = cunwind_job_thread_restore(&saved)
        cunwind_job_thread_set_owner(outer)
        if !repaired {
            StandardError.write("note: the concurrency runtime's thread state could not be restored after the panic; it cannot be caught\n")
            Panicking.exitUncaught()
        }
        let panicked = Panicked(landedAt: landed)
        host.takeBoundary()?.finish(panicked: panicked, report: host.capture?.text)
    }

    func land(in boundary: AsyncCatchBoundary) { self.boundary = boundary }

    func takeBoundary() -> AsyncCatchBoundary? {
        defer { boundary = nil }
        return boundary
    }

    /// The host whose job runs on this thread now, or nil.
    static var current: JobHost? {
        cunwind_job_thread_owner().map { Unmanaged<JobHost>.fromOpaque($0).takeUnretainedValue() }
    }
}
#endif
