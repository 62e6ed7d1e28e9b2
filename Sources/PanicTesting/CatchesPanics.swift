import Panic
import PanicRuntime
import Testing

/// The trait of ``Testing/Trait/catchesPanics``: runs each test it applies
/// to inside `catchUnwindAsync`, so that a panic fails that test alone.
public struct CatchesPanicsTrait: TestTrait, SuiteTrait, TestScoping {
    /// On a suite, the trait applies to every test in it, nested suites included.
    public var isRecursive: Bool { true }

    /// Enables trap interception before the run starts: enabled first inside
    /// another tool's window (Nimble's `throwAssertion` installs its SIGILL
    /// handler for a while), ours would be put aside when that tool restores
    /// what it had saved. `provideScope` enables it again.
    public func prepare(for test: Test) async throws {
        if panicStrategy == .unwind { TrapInterception.enable() }
    }

    /// Runs `function` (one test, or one case of a parameterized test); a
    /// panic in it records one issue carrying the panic's report, and this
    /// returns normally. An error `function` throws is rethrown.
    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        // Under PanicAbort the test runs as if the trait were not there. Enabled
        // again: another tool may have put its saved handler back over ours.
        if panicStrategy == .unwind { TrapInterception.enable() }
        let (result, report) = try await catchUnwindAsync(capturingReport: true, function)
        guard case .failure(let panicked) = result else { return }
        // The test's own task may still run (cancelled) when a structured
        // child panicked, on arguments it borrows from the test case's body:
        // keep them alive, as the abandoned tasks are kept.
        KeptForever.keep((test, testCase))
        Issue.record(
            Comment(rawValue: PanicIssue.text(of: panicked, report: report)),
            sourceLocation: test.sourceLocation
        )
    }
}

extension Trait where Self == CatchesPanicsTrait {
    /// Catches a panic in the test (or, on a suite, in each of its tests):
    /// the test fails with one issue that carries the panic's report, and
    /// the test run goes on. Rust's test harness does this for every test.
    ///
    /// ```swift
    /// @Test(.catchesPanics) func checkOut() async {
    ///     let order = await Cart().checkOut()   // a panic here fails this test only
    ///     #expect(order.total == 0)
    /// }
    /// ```
    ///
    /// The test runs as `catchUnwindAsync` runs its body (PanicRuntime): a
    /// panic, `fatal`, or a Swift runtime trap (trap interception is
    /// enabled for the process) anywhere in the test's own code or in its
    /// structured child tasks is caught, after suspension points too. The
    /// panic hook is not called for it and nothing is printed; the issue,
    /// recorded at the test's declaration, has the report the default hook
    /// would have printed. What the panicked task held is never released.
    ///
    /// Not caught, as with `catchUnwindAsync`, and so ending the test run
    /// with status 101: a panic in a thread or an unstructured task
    /// (`Task {}`, `Task.detached {}`) the test starts, in code that runs on
    /// the main actor (a `@MainActor` test, `MainActor.run`) or isolated to
    /// another actor; and a panic
    /// that cannot be survived (docs/GUARANTEES.md, "Surviving a caught
    /// panic"). Under the `PanicAbort` trait nothing is caught: a panic ends
    /// the process.
    public static var catchesPanics: Self { Self() }
}

/// The text of the issue for a test that panicked.
enum PanicIssue {
    static func text(of panicked: Panicked, report: String?) -> String {
        let message = PanicPayload.reportText(of: panicked.payload)
        var text = "The test panicked at \(panicked.location): \(message)"
        if let report = report?.trimmingNewlines, !report.isEmpty {
            text += "\nThe panic's report:\n\(report)"
        }
        return text
    }
}

/// What a task that runs on after its test ended may still use.
private final class KeptForever<Value: Sendable>: Sendable {
    let value: Value
    private init(_ value: Value) { self.value = value }

    /// Retains `value` for the rest of the process.
    static func keep(_ value: Value) { _ = Unmanaged.passRetained(KeptForever(value)) }
}
