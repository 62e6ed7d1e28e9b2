import Panic
import PanicRuntime
import PanicTesting
import Testing

#if !PanicAbort

@inline(never) func panicAfterYield(_ message: String) async -> Int {
    await Task.yield()
    panic(message)
}

/// The ways a test can panic, each in the test's own task, after a
/// suspension, or in a structured child.
enum PanicKind: String, CaseIterable, Sendable {
    case panic, fatal, precondition, indexOutOfRange, nilUnwrap, afterSuspension, asyncLetChild, taskGroupChild

    /// The kinds that are not traps (trap interception does not work under
    /// the sanitizers, which run the tests that use only these).
    static let panics: [PanicKind] = [.panic, .fatal, .afterSuspension, .asyncLetChild, .taskGroupChild]

    /// What the report must contain.
    var expected: String {
        switch self {
        case .panic: "boom"
        case .fatal: "fatal boom"
        #if DEBUG
        case .precondition: "Precondition failed: value must be positive"
        #else
        case .precondition: "precondition failure"
        #endif
        case .indexOutOfRange: "Index out of range"
        case .nilUnwrap: "Unexpectedly found nil while unwrapping an Optional value"
        case .afterSuspension: "after a yield"
        case .asyncLetChild: "in an async let"
        case .taskGroupChild: "in a task group child"
        }
    }

    func run() async {
        switch self {
        case .panic: Panic.panic("boom")
        case .fatal: Panic.fatal("fatal boom")
        case .precondition: _ = checked(-1)
        case .indexOutOfRange: _ = element([1, 2, 3], 3)
        case .nilUnwrap: _ = unwrap(nil)
        case .afterSuspension: _ = await panicAfterYield("after a yield")
        case .asyncLetChild:
            async let child = panicAfterYield("in an async let")
            _ = await child
        case .taskGroupChild:
            await withTaskGroup(of: Int.self) { group in
                group.addTask { await panicAfterYield("in a task group child") }
                group.addTask {
                    try? await Task.sleep(for: .seconds(60))
                    return 0
                }
                _ = await group.next()
            }
        }
    }
}

@Suite("catchesPanics")
struct CatchesPanicsTests {
    init() { TrapInterception.enable() }

    @Test("a non-escaping async body's panic comes back with its report, the hook not called", arguments: PanicKind.allCases)
    func scopedCatch(kind: PanicKind) async throws {
        let (result, report) = try await catchUnwindAsync(capturingReport: true) { await kind.run() }
        guard case .failure(let panicked) = result else {
            Issue.record("no panic came back")
            return
        }
        #expect(PanicPayload.reportText(of: panicked.payload).contains(kind.expected))
        let text = try #require(report)
        #expect(text.contains("panicked at "))
        #expect(text.contains(kind.expected))
        #expect(panicCount == 0)
    }

    @Test("many caught panics in non-escaping bodies: the escape check at each end passes")
    func manyPanics() async throws {
        for round in 0..<300 {
            let kind = PanicKind.panics[round % PanicKind.panics.count]
            // Captured: the hook is process-wide, and other suites record it.
            let (result, report) = try await catchUnwindAsync(capturingReport: true) { await kind.run() }
            guard case .failure = result else {
                Issue.record("round \(round): no panic came back")
                return
            }
            #expect(report?.contains(kind.expected) == true)
        }
    }

    @Test("caught panics in 64 non-escaping bodies at once, each in its own task group child")
    func parallelPanics() async {
        await withTaskGroup(of: Bool.self) { group in
            for round in 0..<64 {
                group.addTask {
                    let kind = PanicKind.allCases[round % PanicKind.allCases.count]
                    let caught = try? await catchUnwindAsync(capturingReport: true) { await kind.run() }
                    guard case .failure(let panicked)? = caught?.result, let report = caught?.report else { return false }
                    return PanicPayload.reportText(of: panicked.payload).contains(kind.expected) && report.contains(kind.expected)
                }
            }
            var caught = 0
            for await ok in group where ok { caught += 1 }
            #expect(caught == 64)
        }
    }

    @Test("a child panics while the body's own task runs on: the call returns, the task is left to wind down")
    func bodyRunsOnAfterChildPanic() async throws {
        let (result, report) = try await catchUnwindAsync(capturingReport: true) { () async -> Int in
            async let child = panicAfterYield("child first")
            // Still running, cancelled, after the child's panic ended the call.
            var spins = 0
            while !Task.isCancelled && spins < 10_000_000 { spins += 1 }
            for _ in 0..<100 { await Task.yield() }
            return await child + spins
        }
        guard case .failure(let panicked) = result else {
            Issue.record("no panic came back")
            return
        }
        #expect(panicked.message == "child first")
        #expect(report?.contains("child first") == true)
    }

    @Test("a body that returns, or throws, ends normally (after its task let go of it)")
    func noPanic() async throws {
        for _ in 0..<200 {
            let (result, report) = try await catchUnwindAsync(capturingReport: true) { () async -> Int in
                await Task.yield()
                return 7
            }
            #expect(try result.get() == 7)
            #expect(report == nil)
            await #expect(throws: Oops.self) {
                _ = try await catchUnwindAsync(capturingReport: true) { () async throws -> Int in
                    await Task.yield()
                    throw Oops()
                }
            }
        }
    }

    @Test("a catch inside the body catches there; the boundary sees nothing")
    func expectPanicInside() async throws {
        let (result, report) = try await catchUnwindAsync(capturingReport: true) {
            expectPanic(containing: "inner") { panic("inner") }
            await Task.yield()
            return 1
        }
        #expect(try result.get() == 1)
        #expect(report == nil)
    }

    @Test("the trait: a panicking test records one issue with the report, and the scope returns")
    func traitRecordsIssue() async throws {
        let test = try #require(Test.current)
        try await withKnownIssue {
            try await CatchesPanicsTrait.catchesPanics.provideScope(for: test, testCase: Test.Case.current) {
                _ = await panicAfterYield("the cart is empty")
            }
        } matching: { issue in
            says(issue, "The test panicked at PanicTestingTests/CatchesPanicsTests.swift:10")
                && says(issue, "The panic's report:\n")
                && says(issue, "panicked at PanicTestingTests/CatchesPanicsTests.swift:10:")
                && says(issue, "the cart is empty")
        }
        // A test that does not panic records nothing.
        try await CatchesPanicsTrait.catchesPanics.provideScope(for: test, testCase: Test.Case.current) { await Task.yield() }
    }

    @Test("the trait rethrows an error of the test")
    func traitRethrows() async throws {
        let test = try #require(Test.current)
        await #expect(throws: Oops.self) {
            try await CatchesPanicsTrait.catchesPanics.provideScope(for: test, testCase: nil) { throw Oops() }
        }
    }

}

#endif

/// In every build (under `PanicAbort` too): the trait runs the test.
@Suite(".catchesPanics on a suite", .catchesPanics)
struct CatchesPanicsSuiteTests {
    @Test func first() { #expect(Bool(true)) }
    @Test(".catchesPanics on a test too", .catchesPanics) func onTestToo() async {
        await Task.yield()
        #expect(Bool(true))
    }
    @Test(arguments: [1, 2]) func cases(value: Int) async {
        await Task.yield()
        #expect(value > 0)
    }
}
