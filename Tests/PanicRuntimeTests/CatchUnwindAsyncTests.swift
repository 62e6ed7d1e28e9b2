import Synchronization
import Testing
import PanicRuntime

#if !PanicAbort

/// Installs a recording hook around an async body (see `withRecordingHook`).
func withRecordingHookAsync<R>(_ body: (HookLog) async throws -> R) async throws -> R {
    let log = HookLog()
    let previous = takeHook()
    setHook(log.record)
    defer { setHook(previous) }
    return try await body(log)
}

final class SharedCount: Sendable {
    let value = Atomic<Int>(0)
    func add() { value.add(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}

struct AsyncTestError: Error, Equatable { let code: Int }

enum Probe {
    @TaskLocal static var request: String?
}

actor Tally {
    private(set) var value = 0
    func add(_ amount: Int) -> Int { value += amount; return value }
    func panicInside() -> Int { panic("panic on an actor") }
}

actor Caller {
    private(set) var attempts = 0
    func attempt() async -> String {
        attempts += 1
        let result = try? await catchUnwindAsync { () async -> Int in
            await Task.yield()
            panic("from an actor's call")
        }
        return "caught: \(result?.failure?.message ?? "nothing")"
    }
}

@inline(never) func asyncElement(_ numbers: [Int], _ index: Int) async -> Int {
    await Task.yield()
    return numbers[index]
}

@inline(never) func panicAfterSuspending(_ message: String) async -> Int {
    try? await Task.sleep(for: .microseconds(50))
    panic(message)
}

/// `depth` catchUnwindAsync calls inside one another; the innermost body
/// panics. Returns how many levels saw success above the one that caught.
@inline(never) func nestedBoundaries(_ depth: Int) async throws -> Int {
    if depth == 0 { panic("at the bottom") }
    switch try await catchUnwindAsync({ try await nestedBoundaries(depth - 1) }) {
    case .success(let levels): return levels + 1
    case .failure: return 0
    }
}

// Panics are process-wide (one hook): these tests live in the serialized suite.
extension CatchUnwindTests {
    @Test("async: a value comes back as .success, the hook is not called")
    func asyncSuccess() async throws {
        try await withRecordingHookAsync { log in
            let result = try await catchUnwindAsync { () async -> Int in
                await Task.yield()
                return 42
            }
            #expect(try result.get() == 42)
            #expect(log.count == 0)
        }
    }

    @Test("async: the report names the task (Task(name:), else an async task on a pool thread), at once and after a suspension")
    func asyncReportNamesTheTask() async throws {
        for suspends in [false, true] {
            let unnamed = try await Task.detached {
                try await catchUnwindAsync(capturingReport: true) { () async -> Int in
                    if suspends { await Task.yield() }
                    panic("in an unnamed task")
                }
            }.value
            #expect(unnamed.report?.hasPrefix("\nan async task on a pool thread (") == true, "\(unnamed.report ?? "")")
            let named = try await Task.detached(name: "checkout") {
                try await catchUnwindAsync(capturingReport: true) { () async -> Int in
                    if suspends { await Task.yield() }
                    panic("in a named task")
                }
            }.value
            #expect(named.report?.hasPrefix("\ntask 'checkout' on a pool thread (") == true, "\(named.report ?? "")")
        }
    }

    @Test("async: catchUnwindAsync nested 300 deep (first jobs run inline up to a bound), the innermost one catches")
    func asyncDeepNesting() async throws {
        try await withRecordingHookAsync { log in
            let levels = try await nestedBoundaries(300)
            #expect(levels == 299)
            #expect(log.count == 1)
        }
    }

    @Test("async: a panic before any suspension comes back as .failure with its message and location")
    func asyncPanicAtOnce() async throws {
        try await withRecordingHookAsync { log in
            let line: UInt = #line + 1
            let result = try await catchUnwindAsync { () async -> Int in panic("at once") }
            let panicked = try #require(result.failure)
            #expect(panicked.message == "at once")
            #expect(panicked.location.line == line)
            #expect(log.count == 1)
            #expect(log.entries.withLock { $0[0].isPanicking && $0[0].panicCount == 1 })
        }
    }

    @Test("async: a panic after suspension points (yield, sleep) is caught")
    func asyncPanicAfterSuspension() async throws {
        try await withRecordingHookAsync { log in
            let result = try await catchUnwindAsync { () async -> Int in
                await Task.yield()
                return await panicAfterSuspending("after sleeping")
            }
            #expect(result.failure?.message == "after sleeping")
            #expect(log.count == 1)
        }
    }

    @Test("async: a panic in an async let child is caught")
    func asyncLetChild() async throws {
        try await withRecordingHookAsync { log in
            let result = try await catchUnwindAsync { () async -> Int in
                async let good = asyncElement([1, 2, 3], 1)
                async let bad = panicAfterSuspending("in async let")
                return await good + bad
            }
            #expect(result.failure?.message == "in async let")
            #expect(log.count == 1)
        }
    }

    @Test("async: a panic in a task group child is caught; the other children are cancelled")
    func asyncTaskGroupChild() async throws {
        try await withRecordingHookAsync { log in
            let sawCancellation = SharedCount()
            let result = try await catchUnwindAsync { () async -> Int in
                await withTaskGroup(of: Int.self) { group in
                    for index in 0..<8 {
                        group.addTask {
                            if index == 5 { return await panicAfterSuspending("child \(index)") }
                            do { try await Task.sleep(for: .seconds(30)) } catch { sawCancellation.add() }
                            return index
                        }
                    }
                    return await group.reduce(0, +)
                }
            }
            #expect(result.failure?.message == "child 5")
            #expect(log.count == 1)
            // The siblings were cancelled rather than left sleeping for 30 s.
            for _ in 0..<2_000 where sawCancellation.count < 7 {
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(sawCancellation.count == 7)
        }
    }

    @Test("async: traps after suspension (index out of range, nil unwrap) become caught panics")
    func asyncTraps() async throws {
        #expect(TrapInterception.enable())
        try await withRecordingHookAsync { log in
            let outOfRange = try await catchUnwindAsync { await asyncElement([1, 2, 3], 7) }
            #expect(outOfRange.failure?.message?.contains("Index out of range") == true)
            let nilUnwrap = try await catchUnwindAsync { () async -> Int in
                await Task.yield()
                return unwrap(nil)
            }
            #expect(nilUnwrap.failure != nil)
            #expect(log.count == 2)
        }
    }

    @Test("async: an error thrown by the body is rethrown, not a panic")
    func asyncThrows() async throws {
        try await withRecordingHookAsync { log in
            await #expect(throws: AsyncTestError(code: 7)) {
                _ = try await catchUnwindAsync { () async throws -> Int in
                    await Task.yield()
                    throw AsyncTestError(code: 7)
                }
            }
            #expect(log.count == 0)
        }
    }

    @Test("async: task-local values and priority reach the body")
    func asyncContext() async throws {
        let result = try await Task(priority: .high) {
            try await Probe.$request.withValue("req-1") {
                try await catchUnwindAsync { () async -> (String?, TaskPriority) in
                    await Task.yield()
                    let child = await Task { @Sendable in Probe.request }.value
                    async let inChild = Probe.request
                    #expect(await inChild == "req-1")
                    #expect(child == "req-1")
                    return (Probe.request, Task.currentPriority)
                }
            }
        }.value
        let (request, priority) = try result.get()
        #expect(request == "req-1")
        #expect(priority >= .high)
    }

    @Test("async: cancelling the caller cancels the body")
    func asyncCancellation() async throws {
        let started = SharedCount()
        let caller = Task {
            try await catchUnwindAsync { () async -> Bool in
                started.add()
                do {
                    try await Task.sleep(for: .seconds(30))
                    return false
                } catch {
                    return error is CancellationError
                }
            }
        }
        while started.count == 0 { try await Task.sleep(for: .milliseconds(1)) }
        caller.cancel()
        #expect(try await caller.value.get() == true)

        // Already cancelled when it calls: the body starts cancelled.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await catchUnwindAsync { Task.isCancelled }
        }
        #expect(try await early.value.get() == true)
    }

    @Test("async: a synchronous catchUnwind inside the async body still catches there")
    func asyncWithSyncInside() async throws {
        try await withRecordingHookAsync { log in
            let result = try await catchUnwindAsync { () async -> String in
                await Task.yield()
                let inner = catchUnwind { () -> Int in panic("inner") }
                await Task.yield()
                return inner.failure?.message ?? "not caught"
            }
            #expect(try result.get() == "inner")
            #expect(log.count == 1)
        }
    }

    @Test("async: nested catchUnwindAsync; the inner one catches, the outer goes on")
    func asyncNested() async throws {
        try await withRecordingHookAsync { log in
            let result = try await catchUnwindAsync { () async throws -> String in
                let inner = try await catchUnwindAsync { () async -> Int in await panicAfterSuspending("inner async") }
                await Task.yield()
                return inner.failure?.message ?? "not caught"
            }
            #expect(try result.get() == "inner async")
            #expect(log.count == 1)
            #expect(!isPanicking)
        }
    }

    // A panic inside an unfinished *modification* of a global is not caught
    // (the value may be torn): SurvivalTests, `async-global-modify`, in a child.
    @Test("async: a panic inside a read access to a global, then the global is usable again")
    func asyncExclusivity() async throws {
        try await withRecordingHookAsync { _ in
            for _ in 0..<3 {
                let result = try await catchUnwindAsync { () async -> Int in
                    await Task.yield()
                    // A non-mutating call on a global reads it for the whole call.
                    globalEntries.withUnsafeBufferPointer { _ in panic("reading") }
                }
                #expect(result.failure != nil)
            }
            let after = try await catchUnwindAsync { () async -> Int in
                bump(&globalTally, panicking: false)
                return globalTally
            }
            #expect(try after.get() >= 1)
        }
    }

    @Test("async: 64 concurrent callers, every third one panicking, each gets its own outcome")
    func asyncConcurrentCallers() async throws {
        try await withRecordingHookAsync { log in
            let outcomes = try await withThrowingTaskGroup(of: (Int, Result<Int, Panicked>).self) { group in
                for index in 0..<64 {
                    group.addTask {
                        (index, try await catchUnwindAsync { () async -> Int in
                            try? await Task.sleep(for: .microseconds(index * 10))
                            if index % 3 == 0 { panic("caller \(index)") }
                            await Task.yield()
                            return index * 2
                        })
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == 64)
            for (index, outcome) in outcomes {
                if index % 3 == 0 {
                    #expect(outcome.failure?.message == "caller \(index)")
                } else {
                    #expect(try outcome.get() == index * 2)
                }
            }
            #expect(log.count == 22)
        }
    }

    @Test("async: called from an actor, the panic is caught and the actor stays usable")
    func asyncFromActor() async throws {
        try await withRecordingHookAsync { log in
            let caller = Caller()
            #expect(await caller.attempt() == "caught: from an actor's call")
            #expect(await caller.attempt() == "caught: from an actor's call")
            #expect(await caller.attempts == 2)
            #expect(log.count == 2)
        }
    }

    @Test("async: a Task.immediate started in the body panics: caught as the body's")
    func asyncImmediateInside() async throws {
        try await withRecordingHookAsync { log in
            let result = try await catchUnwindAsync { () async -> Int in
                await Task.yield()
                Task.immediate { panic("immediate in the body") }
                return 1
            }
            #expect(result.failure?.message == "immediate in the body")
            #expect(log.count == 1)
        }
    }

    @Test("async: a body that visits the main actor and an actor, then panics back on its own executor, is caught")
    func asyncAfterVisits() async throws {
        try await withRecordingHookAsync { log in
            let tally = Tally()
            let result = try await catchUnwindAsync { () async -> Int in
                let fromMain = await MainActor.run { 2 }
                let fromActor = await tally.add(fromMain)
                await Task.yield()
                panic("after visiting, \(fromActor)")
            }
            #expect(result.failure?.message == "after visiting, 2")
            #expect(log.count == 1)
        }
    }

    @Test("async: 8 concurrent loops of mixed panics (two children panicking at once, traps, cancellation mid-panic)")
    func asyncConcurrentStress() async throws {
        #expect(TrapInterception.enable())
        try await withRecordingHookAsync { log in
            let tally = Tally()
            let caught = try await withThrowingTaskGroup(of: Int.self) { loops in
                for loop in 0..<8 {
                    loops.addTask {
                        var caught = 0
                        for round in 0..<500 {
                            let call = Task {
                                try await catchUnwindAsync { () async -> Int in
                                    switch (loop + round) % 5 {
                                    case 0:
                                        return await withTaskGroup(of: Int.self) { group in
                                            group.addTask { await panicAfterSuspending("twin a") }
                                            group.addTask { await panicAfterSuspending("twin b") }
                                            return await group.reduce(0, +)
                                        }
                                    case 1: return await asyncElement([1, 2], round + 2)
                                    case 2: return await tally.add(1)
                                    case 3:
                                        withUnsafeCurrentTask { $0?.cancel() }
                                        await Task.yield()
                                        panic("cancelled, then panicked")
                                    default:
                                        async let value = asyncElement([7], 0)
                                        return await value
                                    }
                                }
                            }
                            if round % 7 == 0 { call.cancel() }
                            if case .failure = try await call.value { caught += 1 }
                        }
                        return caught
                    }
                }
                return try await loops.reduce(0, +)
            }
            #expect(caught == 2_400)
            // Each of the 800 twin groups has two panics, both reported: the
            // second one lands on an already finished call, possibly after the
            // loops are done (the abandoned body's other child runs on,
            // cancelled). Wait for them, so none is counted by the next test.
            for _ in 0..<5_000 where log.count < 3_200 {
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(log.count == 3_200)
            #expect(await tally.value == 800)
        }
        #expect(panicCount == 0)
    }

    @Test("async: thousands of caught panics and traps, then the concurrency runtime is healthy")
    func asyncManyPanics() async throws {
        #expect(TrapInterception.enable())
        let tally = Tally()
        try await withRecordingHookAsync { log in
            var caught = 0
            for round in 0..<3_000 {
                let result = try await catchUnwindAsync { () async -> Int in
                    switch round % 6 {
                    case 0: await Task.yield(); panic("yield \(round)")
                    case 1: return await panicAfterSuspending("sleep \(round)")
                    case 2:
                        async let child = asyncElement([1], round)  // traps
                        return await child
                    case 3:
                        return await withTaskGroup(of: Int.self) { group in
                            group.addTask { await panicAfterSuspending("group \(round)") }
                            group.addTask { 1 }
                            return await group.reduce(0, +)
                        }
                    case 4: return await tally.add(1)
                    default: return await Task.detached { round }.value
                    }
                }
                if result.failure != nil { caught += 1 }
            }
            #expect(caught == 2_000)
            #expect(log.count == 2_000)
            #expect(await tally.value == 500)
        }
        // Healthy: plain concurrency, and the boundary, still work.
        let sum = await withTaskGroup(of: Int.self) { group in
            for index in 0..<100 { group.addTask { await Task.yield(); return index } }
            return await group.reduce(0, +)
        }
        #expect(sum == 4_950)
        #expect(try await catchUnwindAsync { await tally.add(0) }.get() == 500)
        #expect(!isPanicking)
        #expect(panicCount == 0)
    }

    @Test("async: a PanicMutex held at the panic is released and poisoned; another task gets PoisonError")
    func asyncPanicMutex() async throws {
        let mutex = PanicMutex([Int]())
        try await withRecordingHookAsync { _ in
            let result = try await catchUnwindAsync { () async -> Int in
                await Task.yield()
                try! mutex.withLock { values -> Void in
                    values.append(1)
                    panic("inside the lock, in an async body")
                }
                return 0
            }
            #expect(result.failure?.message == "inside the lock, in an async body")
            // Another task, likely on another thread: never a hang.
            let seen = await Task.detached { () -> String in
                do {
                    _ = try mutex.withLock { $0.count }
                    return "not poisoned"
                } catch {
                    return "\(error)"
                }
            }.value
            #expect(seen == "poisoned lock: another task failed inside")
            #expect(mutex.isPoisoned)
            mutex.clearPoison()
            #expect(try mutex.withLock { values -> Int in values.append(2); return values.count } >= 1)
        }
    }
}

#endif
