import CUnwind
import Glibc
import Panic
import Synchronization

/// The task executor that runs every `catchUnwindAsync` body (SE-0417 task
/// executor preference): a few threads of its own, each running every job
/// inside a catch frame opened outside the job.
///
/// A panic in a job (the body's task or one of its structured children)
/// jumps to that frame, having resumed nothing; the thread then gives the
/// panic to the body's ``AsyncCatchBoundary``, puts the concurrency
/// runtime's thread-locals back as they were between jobs
/// (CUnwind/JobThread.c) and takes the next job. The panicked task is
/// abandoned: it never runs again and what it held is never released.
final class PanicCatchingExecutor: TaskExecutor, @unchecked Sendable {
    /// The one executor of the process, started on first use.
    static let shared = PanicCatchingExecutor(threadCount: defaultThreadCount)

    /// As many threads as processors (at least 2): bodies are async code
    /// that suspends rather than blocks, like the cooperative pool's.
    static var defaultThreadCount: Int { max(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    private let queue = JobQueue()

    private init(threadCount: Int) {
        AsyncCatchBoundaryBase.installFilter()
        for _ in 0..<threadCount { startThread() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        queue.push(UnownedJob(job))
    }

    /// Starts one executor thread (at creation, and to replace a thread that
    /// could not be repaired after a panic).
    func startThread() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        _ = pthread_attr_setguardsize(&attributes, SpawnedThread.guardSize)
        _ = pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let error = pthread_create(&thread, &attributes, { context in
            Unmanaged<PanicCatchingExecutor>.fromOpaque(context!).takeRetainedValue().runJobs()
            return nil
        }, context)
        if error != 0 {
            Unmanaged<PanicCatchingExecutor>.fromOpaque(context).release()
            panic("catchUnwindAsync: failed to start an executor thread: \(String(cString: strerror(error)))")
        }
    }

    /// An executor thread's loop; returns only when a panic left the thread
    /// unusable (a replacement is started first).
    private func runJobs() {
        StackOverflowReporting.prepareSpawnedThread()
        defer { StackOverflowReporting.finishSpawnedThread() }
        OSThreadName.resetCurrent()
        var between = cunwind_job_thread_state()
        let repairable = cunwind_job_thread_save(&between)
        let thread = ExecutorThread()
        cunwind_job_thread_set_owner(Unmanaged.passUnretained(thread).toOpaque())
        defer { cunwind_job_thread_set_owner(nil) }
        let executor = asUnownedTaskExecutor()
        while true {
            let job = queue.pop()
            guard let landed = cunwindCatch({ beginShortBacktrace { job.runSynchronously(on: executor) } }) else {
                continue
            }
            // Before any Swift code can look at them: the current task and
            // the executor record still name the abandoned job.
            let repaired = repairable && cunwind_job_thread_restore(&between)
            let panicked = Panicked(landedAt: landed)
            thread.takeBoundary()?.finish(panicked: panicked)
            if !repaired {
                startThread()
                return
            }
        }
    }
}

/// What the panic path leaves for its executor thread: the boundary of the
/// task that panicked, found while that task was still current. Touched only
/// by its own thread.
final class ExecutorThread: @unchecked Sendable {
    private var boundary: AsyncCatchBoundaryBase?

    func land(in boundary: AsyncCatchBoundaryBase) { self.boundary = boundary }

    func takeBoundary() -> AsyncCatchBoundaryBase? {
        defer { boundary = nil }
        return boundary
    }

    /// The executor thread running this code, or nil on any other thread.
    static var current: ExecutorThread? {
        cunwind_job_thread_owner().map { Unmanaged<ExecutorThread>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// The executor's jobs, first in first out. A thread that finds the queue
/// empty spins briefly before it sleeps, so that a job enqueued right after
/// (the next step of a body that just suspended) is taken without a wake-up.
final class JobQueue: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let available = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var sleepers = 0
    private let count = Atomic<Int>(0)

    /// Rounds of polling before a thread sleeps (a few microseconds).
    private static let spinRounds = 2_000

    init() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(available, nil)
        jobs.reserveCapacity(64)
    }

    func push(_ job: UnownedJob) {
        pthread_mutex_lock(lock)
        jobs.append(job)
        count.add(1, ordering: .releasing)
        let wake = sleepers > 0
        pthread_mutex_unlock(lock)
        if wake { pthread_cond_signal(available) }
    }

    func pop() -> UnownedJob {
        var round = 0
        while count.load(ordering: .relaxed) == 0 && round < Self.spinRounds { round += 1 }
        pthread_mutex_lock(lock)
        while head == jobs.count {
            sleepers += 1
            pthread_cond_wait(available, lock)
            sleepers -= 1
        }
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        count.subtract(1, ordering: .relaxed)
        pthread_mutex_unlock(lock)
        return job
    }
}
