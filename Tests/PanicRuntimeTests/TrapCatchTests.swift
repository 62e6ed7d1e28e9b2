import Testing
import PanicRuntime

#if !PanicAbort

@inline(never) func element(_ numbers: [Int], _ index: Int) -> Int { numbers[index] }
@inline(never) func unwrap(_ value: Int?) -> Int { value! }
@inline(never) func add(_ a: Int, _ b: Int) -> Int { a + b }
@inline(never) func check(_ value: Int) -> Int {
    precondition(value > 0, "value must be positive")
    return value
}

// In the serialized suite: hooks are process-wide.
extension CatchUnwindTests {
    @Test("traps inside catchUnwind come back as panics; the data is intact afterwards")
    func trapsAreCaught() throws {
        #expect(TrapInterception.enable())
        #expect(TrapInterception.isEnabled)
        try withRecordingHook { log throws in
            let numbers = [10, 20, 30]
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let outOfRangeResult = catchUnwind { element(numbers, 3) }
            let outOfRange = try #require(outOfRangeResult.failure)
            #expect(outOfRange.message == "Fatal error: Index out of range")
            #expect(outOfRange.location.file == "PanicRuntimeTests/TrapCatchTests.swift")
            #expect(outOfRange.location.line == 6)
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let nilUnwrapResult = catchUnwind { unwrap(nil) }
            let nilUnwrap = try #require(nilUnwrapResult.failure)
            #expect(nilUnwrap.message == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let overflowResult = catchUnwind { add(.max, 1) }
            let overflow = try #require(overflowResult.failure)
            #expect(overflow.message == "Fatal error: arithmetic overflow")
            // Closures stay out of #require: Swift 6.3 gave a closure written inside the macro
            // and the next closure of the function the same symbol (the second ran the first).
            let failedResult = catchUnwind { check(-1) }
            let failed = try #require(failedResult.failure)
            #expect(failed.message?.hasPrefix("Precondition failed") == true || failed.message == "Fatal error: precondition failure")
            #expect(log.count == 4)
            #expect(log.entries.withLock { $0.allSatisfy { $0.isPanicking } })
            // The same array, read again, and the counts back at zero.
            #expect(element(numbers, 2) == 30)
            #expect(panicCount == 0)
            let again = catchUnwind { element(numbers, 1) }
            #expect(try again.get() == 20)
        }
    }
}

#endif
