import Glibc
import Synchronization
import Testing
import PanicRuntime

#if !PanicAbort

/// A value whose `description` panics: only code that asks for it runs it.
struct TreacherousDescription: Sendable, CustomStringConvertible {
    var description: String { panic("description panicked") }
}

// Issue 7 (reliability). In the serialized suite: hooks are process-wide.
extension CatchUnwindTests {
    @Test("8 threads panic while another swaps hooks with setHook and updateHook: every panic seen by exactly one hook, counts at zero")
    func concurrentHookSwaps() throws {
        let threads = 8, panics = 2_000
        let first = Atomic<Int>(0), second = Atomic<Int>(0), wrapped = Atomic<Int>(0)
        let caught = Atomic<Int>(0), badCounts = Atomic<Int>(0), finished = Atomic<Int>(0)
        let previous = takeHook()
        defer { setHook(previous) }
        setHook { _ in first.add(1, ordering: .relaxed) }
        let workers = (0..<threads).map { index in
            spawn(name: "swap-\(index)") {
                for round in 0..<panics {
                    if case .failure = catchUnwind({ () -> Int in panic("swap \(index) #\(round)") }) {
                        caught.add(1, ordering: .relaxed)
                    }
                    if panicCount != 0 || isPanicking { badCounts.add(1, ordering: .relaxed) }
                }
                finished.add(1, ordering: .relaxed)
            }
        }
        var swaps = 0
        while finished.load(ordering: .relaxed) < threads {
            switch swaps % 3 {
            case 0: setHook { _ in second.add(1, ordering: .relaxed) }
            case 1: updateHook { _, _ in wrapped.add(1, ordering: .relaxed) }
            default: setHook { _ in first.add(1, ordering: .relaxed) }
            }
            swaps += 1
        }
        for worker in workers { #expect(worker.join().failure == nil) }
        let seen = first.load(ordering: .relaxed) + second.load(ordering: .relaxed) + wrapped.load(ordering: .relaxed)
        #expect(caught.load(ordering: .relaxed) == threads * panics)
        #expect(seen == threads * panics)
        #expect(badCounts.load(ordering: .relaxed) == 0)
        #expect(panicCount == 0)  // globalPanicCount is process-wide, and other suites panic in parallel (expectPanic): the load child checks it
    }

    @Test("a message whose interpolation panics: that panic is the one caught, the hook runs once")
    func messagePanics() throws {
        try withRecordingHook { log throws in
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let caughtResult = catchUnwind { () -> Int in panic("value: \(TreacherousDescription())") }
            let caught = try #require(caughtResult.failure)
            #expect(caught.message == "description panicked")
            #expect(log.count == 1)
            #expect(panicCount == 0)  // globalPanicCount is process-wide, and other suites panic in parallel (expectPanic): the load child checks it
        }
    }

    @Test("a payload whose description panics is caught untouched; asking for its description later is an ordinary panic")
    func payloadDescriptionPanics() throws {
        try withRecordingHook { log throws in
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let caughtResult = catchUnwind { () -> Int in panic(payload: TreacherousDescription()) }
            let caught = try #require(caughtResult.failure)
            #expect(caught.payload is TreacherousDescription)
            #expect(caught.description.contains("<non-string payload of type PanicRuntimeTests.TreacherousDescription>"))
            let info = PanicInfo(payload: caught.payload, location: caught.location, threadName: nil, canUnwind: true)
            #expect(info.description.hasSuffix("<non-string payload of type PanicRuntimeTests.TreacherousDescription>"))
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let askedResult = catchUnwind { String(describing: caught.payload) }
            let asked = try #require(askedResult.failure)
            #expect(asked.message == "description panicked")
            #expect(log.count == 2)
            #expect(panicCount == 0)
        }
    }

    @Test("a cleanup that panics after its body returned is an ordinary panic; a later panic is not a double panic")
    func cleanupPanicsAfterReturn() throws {
        try withRecordingHook { log throws in
            let first = catchUnwind { () -> Int in
                withUnwindCleanup({ panic("cleanup panicked") }) { 7 }
            }
            #expect(first.failure?.message == "cleanup panicked")
            let next = catchUnwind { () -> Int in panic("next") }
            #expect(next.failure?.message == "next")
            #expect(log.count == 2)
            #expect(panicCount == 0)  // globalPanicCount is process-wide, and other suites panic in parallel (expectPanic): the load child checks it
        }
    }
}

#endif
