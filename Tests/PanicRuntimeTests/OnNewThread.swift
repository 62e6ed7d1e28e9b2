import Glibc

/// Runs `body` on a new OS thread and returns its result (for tests that
/// need a thread of their own; `spawn` is the package's API for this).
func onNewThread<T>(_ body: @escaping () -> T) -> T {
    let job = ThreadJob(body)
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, { raw in
        let job = Unmanaged<AnyThreadJob>.fromOpaque(raw!).takeUnretainedValue()
        job.run()
        return nil
    }, Unmanaged.passUnretained(job).toOpaque())
    precondition(started == 0, "pthread_create failed: \(started)")
    pthread_join(thread, nil)
    return job.result!
}

class AnyThreadJob {
    func run() {}
}

final class ThreadJob<T>: AnyThreadJob {
    let body: () -> T
    var result: T?
    init(_ body: @escaping () -> T) { self.body = body }
    override func run() { result = body() }
}
