import CUnwind
import Panic

/// A thread started by ``spawn(name:stackSize:_:)``: wait for it and get what
/// its body returned, or the panic that ended it.
///
/// Dropping the last reference without joining detaches the thread: it runs
/// on, and a panic in it is still reported by the hook (the process goes on).
public final class JoinHandle<T: Sendable>: Sendable {
    /// The name given to `spawn`, or nil.
    public let name: String?

    private let thread: pthread_t
    private let packet: ThreadPacket<T>
    /// The thread's outcome once a `join` has waited for it.
    private let joined = PanicLock<Result<T, Panicked>?>(nil)

    init(thread: pthread_t, packet: ThreadPacket<T>, name: String?) {
        self.thread = thread
        self.packet = packet
        self.name = name
    }

    /// Waits for the thread to end, then returns what its body returned as
    /// `.success`, or the panic that ended it as `.failure` (reported on
    /// stderr by the hook when it happened, with the thread's name).
    ///
    /// Every call returns the same outcome: the first waits for the thread,
    /// later ones (from any thread) return at once. Joining a thread from
    /// itself is a panic (`failed to join thread: …`), as in Rust.
    public func join() -> Result<T, Panicked> {
        var failure: Int32 = 0
        var joiningItself = false
        let outcome = joined.withLock { stored -> Result<T, Panicked>? in
            if let stored { return stored }
            // Only while the thread has not been joined: the id of a thread
            // that has ended may belong to a new thread now.
            if pthread_equal(thread, pthread_self()) != 0 {
                joiningItself = true
                return nil
            }
            failure = pthread_join(thread, nil)
            guard failure == 0, let result = packet.result else { return nil }
            stored = result
            return result
        }
        if joiningItself {
            panic("failed to join thread: a thread cannot join itself (EDEADLK)")
        }
        guard let outcome else {
            panic("failed to join thread: \(String(cString: strerror(failure)))")
        }
        return outcome
    }

    /// True once the thread's body has returned or panicked (the thread may
    /// still be finishing its exit).
    public var isFinished: Bool { packet.isFinished }

    deinit {
        if joined.withLock({ $0 == nil }) {
            pthread_detach(thread)
        }
    }
}

/// What a spawned thread and its handle share: the body, and its outcome
/// once the thread has run it.
class AnyThreadPacket: @unchecked Sendable {
    /// Runs the body on the calling (new) thread.
    func runOnThisThread() {}
}

final class ThreadPacket<T: Sendable>: AnyThreadPacket, @unchecked Sendable {
    let name: String?
    let body: @Sendable () -> T
    /// Written once by the thread before it ends; read after `pthread_join`
    /// (which orders the two), never while the thread runs.
    var result: Result<T, Panicked>?
    private let finished = PanicAtomic<Bool>(false)

    init(name: String?, body: @escaping @Sendable () -> T) {
        self.name = name
        self.body = body
    }

    var isFinished: Bool { finished.load(ordering: .acquiring) }

    override func runOnThisThread() {
        StackOverflowReporting.prepareSpawnedThread()
        if let name {
            ThreadIdentity.setCurrentName(name)
            OSThreadName.setCurrent(name)
        } else {
            // Not the creator's name (a Dispatch worker's, say): `<unnamed>` in reports.
            OSThreadName.resetCurrent()
        }
        let body = self.body
        result = catchUnwind { beginShortBacktrace(body) }
        finished.store(true, ordering: .releasing)
        StackOverflowReporting.finishSpawnedThread()
    }
}
