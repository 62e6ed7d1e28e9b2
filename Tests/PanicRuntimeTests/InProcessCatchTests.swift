import PanicRuntime
import PanicTesting
import Testing

#if !PanicAbort

@inline(never) func trapOutOfRange(_ numbers: [Int], _ round: Int) -> Int { numbers[numbers.count + round % 3] }
@inline(never) func trapNil(_ round: Int) -> Int { let value: Int? = round < 0 ? 1 : nil; return value! }
@inline(never) func trapOverflow(_ numbers: [Int], _ round: Int) -> Int { Int.max + numbers[round % 3] }
@inline(never) func trapPrecondition(_ round: Int) -> Int { precondition(round < 0, "round \(round)"); return 0 }

/// Checks of catchable behaviour that ran in a child process (Tests/ProcessTests)
/// until expectPanic could catch in-process: no hook is installed, so they need
/// no serialized suite.
@Suite("Caught in process")
struct InProcessCatchTests {
    @Test("each trap kind is caught with the runtime's message and the user's line and column; the data is intact")
    func everyTrapKind() throws {
        let numbers = [1, 2, 3]
        let file = "PanicRuntimeTests/InProcessCatchTests.swift"
        let outOfRange = try #require(expectPanic(containing: "Fatal error: Index out of range") { _ = trapOutOfRange(numbers, 0) })
        #expect(outOfRange.message == "Fatal error: Index out of range")
        #expect(outOfRange.location.description == "\(file):7:84")
        let unwrapped = try #require(expectPanic { _ = trapNil(1) })
        #expect(unwrapped.message == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
        #expect(unwrapped.location.description == "\(file):8:103")
        let overflow = try #require(expectPanic { _ = trapOverflow(numbers, 2) })
        #expect(overflow.message == "Fatal error: arithmetic overflow")
        #expect(overflow.location.description == "\(file):9:83")
        let failed = try #require(expectPanic { _ = trapPrecondition(3) })
        // -O drops precondition messages: the check's name is all there is.
        #expect(failed.message == "Precondition failed: round 3" || failed.message == "Fatal error: precondition failure")
        #expect(failed.location.file == file && failed.location.line == 10)
        #expect(numbers == [1, 2, 3])
        #expect(numbers[numbers.count - 1] == 3)
        #expect(panicCount == 0)
    }

    @Test("cleanups run innermost first when a panic passes, and after return and throw")
    func cleanupOrder() throws {
        final class Log: @unchecked Sendable { var lines: [String] = [] }
        let log = Log()
        let line = #line + 5
        let panicked = expectPanic(containing: "through three scopes") {
            withUnwindCleanup({ log.lines.append("cleanup outer") }) {
                withUnwindCleanup({ log.lines.append("cleanup middle") }) {
                    withUnwindCleanup({ log.lines.append("cleanup inner") }) { () -> Void in
                        log.lines.append("body"); panic("through three scopes")
                    }
                }
            }
        }
        #expect(panicked?.location.line == UInt(line))
        let value = withUnwindCleanup({ log.lines.append("cleanup after return") }) { 7 }
        #expect(value == 7)
        struct Oops: Error {}
        #expect(throws: Oops.self) {
            try withUnwindCleanup({ log.lines.append("cleanup after throw") }) { () throws(Oops) -> Int in throw Oops() }
        }
        // Cleanups outside the catch frame stay registered and run later, once.
        withUnwindCleanup({ log.lines.append("cleanup outside the frame") }) {
            expectPanic(containing: "inner") { withUnwindCleanup({ log.lines.append("cleanup inside the frame") }) { () -> Void in panic("inner") } }
            log.lines.append("after the inner catch")
        }
        #expect(log.lines == [
            "body", "cleanup inner", "cleanup middle", "cleanup outer",
            "cleanup after return", "cleanup after throw",
            "cleanup inside the frame", "after the inner catch", "cleanup outside the frame",
        ])
    }

    @Test("a catch inside an async task catches synchronous code of the same task; the task goes on")
    func catchInTask() async {
        let outcome = await Task.detached { () -> String? in
            let caught = expectPanic(containing: "caught in a task") { panic("caught in a task") }
            await Task.yield()
            return caught?.message
        }.value
        #expect(outcome == "caught in a task")
    }
}

#endif
