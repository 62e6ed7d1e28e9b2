import Glibc
@testable import Panic
import Testing

/// PanicAtomic, PanicWord and PanicLock: the standard library's Atomic and
/// Mutex without libswiftSynchronization.so (a library every start would
/// load), on CUnwind's inline atomics and futex lock.
@Suite("Atomics and lock without Synchronization")
struct PrimitivesTests {
    /// Runs `body(index)` on `count` threads at once and waits for them.
    private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        final class Job { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
        var threads: [pthread_t] = []
        for index in 0..<count {
            let job = Unmanaged.passRetained(Job { body(index) }).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { raw in
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                job.body()
                return nil
            }, job)
            precondition(created == 0)
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    @Test("8 threads × 100,000 adds and subtracts on a PanicAtomic: the exact sum; exchange returns the old value")
    func atomicArithmetic() {
        let counter = PanicAtomic<Int>(0)
        onThreads(8) { index in
            for _ in 0..<100_000 {
                counter.add(3, ordering: .relaxed)
                counter.subtract(1, ordering: .relaxed)
            }
        }
        #expect(counter.load(ordering: .acquiring) == 8 * 100_000 * 2)
        #expect(counter.exchange(-5, ordering: .acquiringAndReleasing) == 1_600_000)
        #expect(counter.load(ordering: .relaxed) == -5)
        let flag = PanicAtomic<Bool>(false)
        flag.store(true, ordering: .releasing)
        #expect(flag.load(ordering: .acquiring))
        let small = PanicAtomic<UInt8>(255)
        #expect(small.add(1, ordering: .relaxed).newValue == 0)
    }

    @Test("PanicLock: 8 threads × 50,000 increments of a plain counter under the lock lose none")
    func lockExcludes() {
        let lock = PanicLock<[Int]>([0])
        onThreads(8) { _ in
            for _ in 0..<50_000 { lock.withLock { $0[0] += 1 } }
        }
        #expect(lock.withLock { $0[0] } == 400_000)
    }

    @Test("PanicLock.withLockIfAvailable: nil while another thread holds the lock, the body's value when free")
    func tryLock() {
        let lock = PanicLock(0)
        let holding = PanicAtomic<Bool>(false), release = PanicAtomic<Bool>(false)
        let seen = PanicLock<Int?>(nil)
        onThreads(2) { index in
            if index == 0 {
                lock.withLock { _ in
                    holding.store(true, ordering: .releasing)
                    while !release.load(ordering: .acquiring) { sched_yield() }
                }
            } else {
                while !holding.load(ordering: .acquiring) { sched_yield() }
                let result = lock.withLockIfAvailable { $0 + 1 }
                seen.withLock { $0 = result }
                release.store(true, ordering: .releasing)
            }
        }
        #expect(seen.withLock { $0 } == nil)
        #expect(lock.withLockIfAvailable { $0 + 1 } == 1)
    }
}
