import Synchronization
import Testing
import Panic
import PanicRuntime

#if !PanicAbort

/// Counts what the hook saw; one per panic.
final class HookLog: Sendable {
    struct Entry: Sendable {
        let message: String?
        let location: Panic.SourceLocation
        let isPanicking: Bool
        let panicCount: Int
        let threadName: String?
        let canUnwind: Bool
    }
    let entries = Mutex<[Entry]>([])
    var count: Int { entries.withLock { $0.count } }

    /// A hook that records `info` (with the thread's panic state) instead of printing it.
    @Sendable func record(_ info: PanicInfo) {
        entries.withLock {
            $0.append(.init(message: info.message, location: info.location, isPanicking: isPanicking,
                            panicCount: panicCount, threadName: info.threadName, canUnwind: info.canUnwind))
        }
    }
}

/// Installs a hook that records each panic instead of printing it, runs
/// `body`, and restores the previous hook.
func withRecordingHook<R>(_ body: (HookLog) throws -> R) throws -> R {
    let log = HookLog()
    let previous = takeHook()
    setHook(log.record)
    defer { setHook(previous) }
    return try body(log)
}

final class Counter { var value = 0 }

/// How many ``CountedPayload``s have been deinitialized.
let payloadsFreed = Atomic<Int>(0)
/// A payload that counts its deinitialization.
final class CountedPayload: Sendable {
    deinit { payloadsFreed.add(1, ordering: .relaxed) }
}
nonisolated(unsafe) var globalTally = 0
nonisolated(unsafe) var globalEntries = [1, 2, 3]

func bump(_ value: inout Int, panicking: Bool) {
    value += 1
    if panicking { panic("inside an inout access") }
}

// Hooks are process-wide: every test that panics lives in this one serialized suite.
@Suite("catchUnwind", .serialized)
struct CatchUnwindTests {
    @Test("a value comes back as .success and the hook is not called")
    func success() throws {
        try withRecordingHook { log throws in
            let result = catchUnwind { 6 * 7 }
            #expect(try result.get() == 42)
            #expect(log.count == 0)
        }
    }

    @Test("a caught panic returns .failure with message and location; the hook ran once while panicking")
    func caughtPanic() throws {
        try withRecordingHook { log throws in
            let line: UInt = #line + 1
            let result: Result<Int, Panicked> = catchUnwind { panic("boom \(1 + 1)") }
            let caught = try #require(result.failure)
            #expect(caught.message == "boom 2")
            #expect(caught.payload as? String == "boom 2")
            #expect(caught.location.file == "PanicRuntimeTests/CatchUnwindTests.swift")
            #expect(caught.location.line == line)
            #expect(caught.location.column > 0)
            let entries = log.entries.withLock { $0 }
            #expect(entries.count == 1)
            #expect(entries.first?.message == "boom 2")
            #expect(entries.first?.location == caught.location)
            #expect(entries.first?.isPanicking == true)
            #expect(entries.first?.panicCount == 1)
            #expect(entries.first?.canUnwind == true)
            #expect(isPanicking == false)
            #expect(panicCount == 0)  // globalPanicCount is process-wide, and other suites panic in parallel (expectPanic): the load child checks it
        }
    }

    @Test("a payload of any type comes back as itself")
    func payload() throws {
        struct Job: Sendable, Equatable { let id: Int }
        try withRecordingHook { _ throws in
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let caughtResult = catchUnwind { () -> Void in panic(payload: Job(id: 9)) }
            let caught = try #require(caughtResult.failure)
            #expect(caught.payload as? Job == Job(id: 9))
            #expect(caught.message == nil)
            #expect(caught.description.contains("<non-string payload of type"))
        }
    }

    @Test("fatal is a panic with its message")
    func fatalIsAPanic() throws {
        try withRecordingHook { log throws in
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let caughtResult = catchUnwind { () -> Int in fatal("no config") }
            let caught = try #require(caughtResult.failure)
            #expect(caught.message == "no config")
            #expect(log.count == 1)
        }
    }

    @Test("a panic deep in the stack lands in the innermost frame; outer frames see success")
    func nested() throws {
        try withRecordingHook { log throws in
            func recurse(_ depth: Int) -> Int {
                if depth == 0 { panic("deep") }
                return recurse(depth - 1) + 1
            }
            let outer = catchUnwind { () -> String in
                let inner = catchUnwind { recurse(50) }
                #expect(inner.failure?.message == "deep")
                return "outer finished"
            }
            #expect(try outer.get() == "outer finished")
            #expect(log.count == 1)
            #expect(panicCount == 0)
        }
    }

    @Test("resumeUnwind carries the panic to the next frame without a second hook call")
    func resume() throws {
        try withRecordingHook { log throws in
            let outer = catchUnwind { () -> Int in
                let inner = catchUnwind { () -> Int in panic("once") }
                if case .failure(let caught) = inner { resumeUnwind(caught) }
                return 0
            }
            let caught = try #require(outer.failure)
            #expect(caught.message == "once")
            #expect(log.count == 1)
            #expect(panicCount == 0)  // globalPanicCount is process-wide, and other suites panic in parallel (expectPanic): the load child checks it
        }
    }

    // A thread refills its last panic object for the next text panic once
    // nothing holds it (InFlightPanic.forText): what is still held must
    // never change under its holder.
    @Test("a kept Panicked and a kept PanicInfo keep their own message and location through later panics on the thread")
    func keptPanicsStayTheirOwn() throws {
        let infos = Mutex<[PanicInfo]>([])
        let previous = takeHook()
        setHook { info in infos.withLock { $0.append(info) } }
        defer { setHook(previous) }
        var kept: [Panicked] = []
        for round in 0..<50 {
            let result = catchUnwind { () -> Int in panic("round \(round) with a message longer than fifteen bytes") }
            let caught = try #require(result.failure)
            if round % 3 == 0 { kept.append(caught) }
            // Dropped ones are refilled by the next round; kept ones must not be.
        }
        #expect(kept.count == 17)
        for (index, caught) in kept.enumerated() {
            #expect(caught.message == "round \(index * 3) with a message longer than fifteen bytes")
            #expect((caught.payload as? String) == caught.message)
        }
        let seen = infos.withLock { $0 }
        #expect(seen.map(\.message) == (0..<50).map { "round \($0) with a message longer than fifteen bytes" })
        #expect(Set(seen.map(\.location.line)).count == 1)
    }

    // `panic(payload:)` takes its payload over (`consuming`): a borrowed one
    // was copied into the panic, and the caller's own reference, in a frame
    // the jump leaves, was never released, in debug and release alike.
    @Test("a caught panic(payload:) releases its payload with the Panicked, made inside the closure or captured")
    func payloadsAreReleased() throws {
        try withRecordingHook { _ throws in
            payloadsFreed.store(0, ordering: .relaxed)
            for _ in 0..<100 { _ = catchUnwind { () -> Int in panic(payload: CountedPayload()) } }
            #expect(payloadsFreed.load(ordering: .relaxed) == 100)
            for _ in 0..<100 {
                let payload = CountedPayload()
                _ = catchUnwind { () -> Int in panic(payload: payload) }
            }
            #expect(payloadsFreed.load(ordering: .relaxed) == 200)
        }
    }

    #if !DEBUG
    // `resumeUnwind` takes the Panicked over too. The caller's own copies
    // are in the frames the jump leaves: a result taken apart with
    // `switch consume` leaves none in an optimized build.
    @Test("resumeUnwind of a consumed result releases the panic once the outer Panicked is gone (optimized builds)")
    func resumedPanicsAreReleased() throws {
        try withRecordingHook { _ throws in
            payloadsFreed.store(0, ordering: .relaxed)
            for _ in 0..<100 {
                _ = catchUnwind { () -> Int in
                    let inner = catchUnwind { () -> Int in panic(payload: CountedPayload()) }
                    switch consume inner {
                    case .failure(let caught): resumeUnwind(caught)
                    case .success(let value): return value
                    }
                }
            }
            #expect(payloadsFreed.load(ordering: .relaxed) == 100)
        }
    }
    #endif

    @Test("a thread's later panics report its name as it is then: recorded, renamed, forgotten, named by the OS")
    func renamedThreadPanics() throws {
        try withRecordingHook { log throws in
            // Each panic here reuses the thread's panic object (nothing keeps
            // the last one), whose name is read again only when it changed.
            try spawn(name: "first") {
                _ = catchUnwind { panic("one") }
                _ = catchUnwind { panic("two") }
                ThreadIdentity.setCurrentName("second")
                _ = catchUnwind { panic("three") }
                ThreadIdentity.setCurrentName(nil)
                OSThreadName.setCurrent("os-named")
                _ = catchUnwind { panic("four") }
                OSThreadName.resetCurrent()
                _ = catchUnwind { panic("five") }
            }.join().get()
            #expect(log.entries.withLock { $0.map(\.threadName) } == ["first", "first", "second", "os-named", nil])
        }
    }

    @Test("panics on two threads at once, each handing its Panicked to the other side, keep their messages")
    func panicObjectsAcrossThreads() throws {
        try withRecordingHook { _ throws in
            let handedOver = Mutex<[Panicked]>([])
            let threads = (0..<4).map { thread in
                spawn {
                    for round in 0..<200 {
                        let result = catchUnwind { () -> Int in panic("thread \(thread) round \(round)") }
                        if case .failure(let caught) = result, round % 7 == 0 { handedOver.withLock { $0.append(caught) } }
                    }
                }
            }
            for thread in threads { _ = thread.join() }
            let all = handedOver.withLock { $0 }
            #expect(all.count == 4 * 29)
            for caught in all {
                let message = try #require(caught.message)
                let parts = message.split(separator: " ")
                #expect(parts.count == 4 && parts[0] == "thread" && parts[2] == "round")
                #expect(Int(parts[3]).map { $0 % 7 == 0 } == true, "\(message)")
            }
        }
    }

    // A panic inside an unfinished *modification* of a global or a class
    // property is not caught (the value may be torn): see SurvivalTests,
    // `dictionary-modify` and `class-property-modify`, in child processes.
    @Test("1000 panics inside read accesses leave no stale access behind")
    func exclusivity() throws {
        final class Account { var entries = [1, 2, 3] }
        let account = Account()
        try withRecordingHook { log throws in
            for round in 0..<1000 {
                // A non-mutating call on a stored property reads it for the whole call.
                let onProperty = catchUnwind { account.entries.withUnsafeBufferPointer { _ in panic("reading") } }
                #expect(onProperty.failure != nil)
                let onGlobal = catchUnwind { globalEntries.withUnsafeBufferPointer { _ in panic("reading") } }
                #expect(onGlobal.failure != nil)
                // Modifications of the same variables: a stale read record would trap here.
                account.entries.append(round)
                globalEntries.append(round)
                bump(&globalTally, panicking: false)
                if round % 250 == 0 { #expect(panicCount == 0) }
            }
            #expect(log.count == 2000)
            #expect(account.entries.count == 1003)
            #expect(globalEntries.count == 1003)
        }
    }

    @Test("a panic inside an access that began outside the frame keeps that access")
    func outerAccessSurvives() throws {
        final class Box { var value = 0 }
        let box = Box()
        try withRecordingHook { _ throws in
            func modify(_ value: inout Int) {
                value += 1
                let inner = catchUnwind { panic("inside") }
                #expect(inner.failure != nil)
                value += 1
            }
            modify(&box.value)
            #expect(box.value == 2)
        }
    }

    @Test("the hook registry holds up over 300,000 panics")
    func manyPanics() throws {
        let seen = Atomic<Int>(0)
        let previous = takeHook()
        setHook { _ in seen.add(1, ordering: .relaxed) }
        defer { setHook(previous) }
        var caught = 0
        for _ in 0..<300_000 {
            if case .failure = catchUnwind({ () -> Int in panic("again") }) { caught += 1 }
        }
        #expect(caught == 300_000)
        #expect(seen.load(ordering: .relaxed) == 300_000)
        #expect(panicCount == 0)
    }

    @Test("takeHook returns the installed hook and leaves the default in force")
    func takeAndUpdateHook() throws {
        let calls = Atomic<Int>(0)
        let previous = takeHook()
        defer { setHook(previous) }
        setHook { _ in calls.add(1, ordering: .relaxed) }
        let taken = takeHook()
        taken(PanicInfo(payload: "x", location: Panic.SourceLocation(file: "f", line: 1, column: 1), threadName: nil, canUnwind: true))
        #expect(calls.load(ordering: .relaxed) == 1)
        // Now the default is in force; wrap it twice with updateHook and silence it.
        let order = Mutex<[String]>([])
        updateHook { _, _ in order.withLock { $0.append("inner") } }
        updateHook { previous, info in
            order.withLock { $0.append("outer") }
            previous(info)
        }
        _ = catchUnwind { panic("wrapped") }
        #expect(order.withLock { $0 } == ["outer", "inner"])
        #expect(calls.load(ordering: .relaxed) == 1)
    }

    @Test("counts are per thread: another thread's panic does not make this one panicking")
    func countsPerThread() throws {
        try withRecordingHook { log throws in
            let caughtThere = onNewThread { () -> Bool in
                let result = catchUnwind { () -> Bool in panic("elsewhere") }
                return result.failure != nil && panicCount == 0
            }
            #expect(caughtThere)
            #expect(isPanicking == false)
            #expect(log.count == 1)
            #expect(log.entries.withLock { $0.first?.threadName } != "main")
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

#endif
