import PanicRuntime
import PanicTesting
import Testing

#if !PanicAbort

@inline(never) func element(_ numbers: [Int], _ index: Int) -> Int { numbers[index] }
@inline(never) func unwrap(_ value: Int?) -> Int { value! }
@inline(never) func add(_ a: Int, _ b: Int) -> Int { a + b }
@inline(never) func checked(_ value: Int) -> Int {
    precondition(value > 0, "value must be positive")
    return value
}
@inline(never) func failing(_ value: Int) -> Int {
    if value < 0 { fatalError("negative: \(value)") }
    return value
}

struct Oops: Error, CustomStringConvertible {
    var description: String { "oops" }
}

/// True when the issue's text (comments, and the error for a thrown one) contains `text`.
func says(_ issue: Issue, _ text: String) -> Bool {
    String(describing: issue).contains(text) || issue.comments.contains { $0.rawValue.contains(text) }
}

@Suite("expectPanic")
struct ExpectPanicTests {
    @Test("panic and fatal: returned with message and the caller's location")
    func panics() throws {
        let line = UInt(#line) + 1
        let panicked = try #require(expectPanic(containing: "cart is empty") { panic("the cart is empty") })
        #expect(panicked.message == "the cart is empty")
        #expect(panicked.location.file == "PanicTestingTests/ExpectPanicTests.swift")
        #expect(panicked.location.line == line)
        let fataled = try #require(expectPanic { fatal() })
        #expect(fataled.message == "")
        let payload = try #require(expectPanic(containing: "non-string payload of type Swift.Int") { panic(payload: 42) })
        #expect(payload.payload as? Int == 42)
        #expect(panicCount == 0)
        #expect(!isPanicking)
    }

    @Test("traps: index out of range, nil unwrap, overflow, precondition, fatalError")
    func traps() throws {
        let numbers = [1, 2, 3]
        let index = try #require(expectPanic(containing: "Index out of range") { _ = element(numbers, 3) })
        #expect(index.location.file == "PanicTestingTests/ExpectPanicTests.swift")
        #expect(index.location.line == 7)
        expectPanic(containing: "Unexpectedly found nil while unwrapping an Optional value") { _ = unwrap(nil) }
        expectPanic(containing: "arithmetic overflow") { _ = add(.max, 1) }
        // -O drops a precondition's message: only the check's name is left.
        #if DEBUG
        expectPanic(containing: "Precondition failed: value must be positive") { _ = checked(-1) }
        #else
        expectPanic(containing: "precondition failure") { _ = checked(-1) }
        #endif
        expectPanic(containing: "Fatal error: negative: -4") { _ = failing(-4) }
        // The array is intact and the thread healthy afterwards.
        #expect(element(numbers, 2) == 3)
        #expect(TrapInterception.isEnabled)
        #expect(panicCount == 0)
    }

    @Test("an empty expected text accepts any panic; nested expectPanic catches the inner panic first")
    func emptyAndNested() throws {
        expectPanic(containing: "") { panic("anything") }
        let outer = try #require(expectPanic(containing: "outer") {
            let inner = expectPanic(containing: "inner") { panic("inner") }
            #expect(inner?.message == "inner")
            panic("outer")
        })
        #expect(outer.message == "outer")
    }

    @Test("no panic: an issue at the caller's line that says so; nil comes back")
    func noPanic() {
        let line = #line + 2
        withKnownIssue {
            let result = expectPanic(containing: "boom") { _ = 1 + 1 }
            #expect(result == nil)
        } matching: { issue in
            ExpectPanicTestsSupport.saw(issue, line: line,
                                        text: "Expected a panic containing \"boom\", but the body returned without panicking")
        }
    }

    @Test("a thrown error is an issue: the error and the expectation")
    func thrown() {
        withKnownIssue {
            let result = expectPanic { throw Oops() }
            #expect(result == nil)
        } matching: { issue in
            issue.error is Oops && says(issue, "Expected a panic, but the body threw an error")
        }
    }

    @Test("a different message: an issue naming what was expected, what came and where; the panic still comes back")
    func wrongMessage() throws {
        let panicLine = #line + 3
        var result: Panicked?
        withKnownIssue {
            result = expectPanic(containing: "cart is empty") { panic("stock is \"low\"\n") }
        } matching: { issue in
            says(issue, "Expected a panic containing \"cart is empty\", but the body panicked with \"stock is \\\"low\\\"\\n\" at PanicTestingTests/ExpectPanicTests.swift:\(panicLine):")
                && says(issue, "panicked at PanicTestingTests/ExpectPanicTests.swift:\(panicLine):")
        }
        #expect(result?.message == "stock is \"low\"\n")
    }

    @Test("a trap with a different message: the runtime's message in the issue")
    func wrongTrapMessage() {
        withKnownIssue {
            expectPanic(containing: "nil") { _ = element([], 0) }
        } matching: { issue in
            says(issue, "but the body panicked with \"Fatal error: Index out of range\" at PanicTestingTests/ExpectPanicTests.swift:7:")
        }
    }

    @Test("a custom source location is where the issue goes")
    func customLocation() {
        let location = Testing.SourceLocation(fileID: "Elsewhere/File.swift", filePath: "/tmp/File.swift", line: 99, column: 7)
        withKnownIssue {
            expectPanic(sourceLocation: location) {}
        } matching: { issue in
            issue.sourceLocation == location
        }
    }

    @Test("from an async test, after a suspension")
    func async() async throws {
        try await Task.sleep(for: .milliseconds(1))
        let panicked = expectPanic(containing: "after a suspension") { panic("after a suspension") }
        #expect(panicked != nil)
        await Task.yield()
        expectPanic(containing: "Index out of range") { _ = element([], 1) }
    }

    @Test("a panic inside a catchUnwind inside the body is caught there, not by expectPanic")
    func innerCatch() {
        withKnownIssue {
            expectPanic {
                let inner = catchUnwind { panic("caught inside") }
                #expect(inner.failure?.message == "caught inside")
            }
        } matching: { issue in
            says(issue, "returned without panicking")
        }
    }
}

enum ExpectPanicTestsSupport {
    static func saw(_ issue: Issue, line: Int, text: String) -> Bool {
        issue.sourceLocation?.line == line && issue.sourceLocation?.fileID == "PanicTestingTests/ExpectPanicTests.swift"
            && issue.comments.contains { $0.rawValue.contains(text) }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}

#else

@Suite("expectPanic under PanicAbort")
struct ExpectPanicAbortTests {
    @Test("an issue says the panic cannot be caught; the body is not run")
    func notRun() {
        var ran = false
        withKnownIssue {
            let result = expectPanic { ran = true; panic("never") }
            #expect(result == nil)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("PanicAbort trait") }
        }
        #expect(!ran)
    }
}

#endif
