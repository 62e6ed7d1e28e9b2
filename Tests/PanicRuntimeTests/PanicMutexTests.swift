import PanicRuntime
import PanicTesting
import Testing

private struct Refused: Error, Equatable {}

// expectPanic captures each report on its own thread: no hook is touched,
// so these run in parallel with the rest.
@Suite("PanicMutex")
struct PanicMutexTests {
    @Test("8 threads × 5,000 increments under the lock: none lost")
    func concurrentIncrements() throws {
        let counter = PanicMutex(0)
        let handles = (0..<8).map { _ in
            spawn { for _ in 0..<5_000 { try! counter.withLock { $0 += 1 } } }
        }
        for handle in handles { _ = handle.join() }
        #expect(try counter.withLock { $0 } == 40_000)
        #expect(!counter.isPoisoned)
    }

    @Test("an error thrown by the body is rethrown and does not poison")
    func thrownErrorDoesNotPoison() throws {
        let mutex = PanicMutex(1)
        #expect(throws: Refused.self) { try mutex.withLock { _ in throw Refused() } }
        #expect(!mutex.isPoisoned)
        #expect(try mutex.withLock { $0 } == 1)
        #expect(throws: Refused.self) { try mutex.withLockIgnoringPoison { (_: inout Int) throws(Refused) -> Int in throw Refused() } }
    }

    #if !PanicAbort
    @Test("a panic in the body releases the lock and poisons it; the body's writes stay; clearPoison recovers")
    func panicPoisons() throws {
        let mutex = PanicMutex([Int]())
        let caught = expectPanic(containing: "half done") {
            try! mutex.withLock { values -> Void in
                values.append(1)
                values.append(2)
                panic("half done")
            }
        }
        #expect(caught != nil)
        #expect(mutex.isPoisoned)
        #expect(throws: PoisonError.self) { try mutex.withLock { $0.count } }
        // Not left locked: another thread takes it at once.
        let seen = spawn { mutex.withLockIgnoringPoison { $0.count } }.join()
        #expect(try seen.get() >= 0)
        mutex.clearPoison()
        #expect(try mutex.withLock { values -> Int in values.append(3); return values.count } >= 1)
    }

    @Test("a panic in withLockIgnoringPoison's body poisons too; a trap counts as a panic")
    func ignoringPoisonAndTraps() throws {
        let mutex = PanicMutex(0)
        expectPanic { mutex.withLockIgnoringPoison { (_: inout Int) -> Void in panic("ignored poison, still poisons") } }
        #expect(mutex.isPoisoned)
        mutex.clearPoison()
        expectPanic(containing: "Index out of range") {
            mutex.withLockIgnoringPoison { value in
                let numbers = [1, 2, 3]
                value = numbers[value + 3]
            }
        }
        #expect(mutex.isPoisoned)
        #expect(mutex.withLockIgnoringPoison { $0 } == 0)
    }
    #endif
}
