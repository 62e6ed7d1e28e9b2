import Testing

/// Keeps the tests that trap inside `expectPanic` (`.apart(.alone)`) from
/// running while the parallel tests run Nimble's `throwAssertion`
/// (`.apart(.together)`), so that a plain `swift test` of this package passes
/// too: a trap while Nimble's handler is installed would go to Nimble, which
/// ends the thread (Nimble's limit). scripts/test-nimble runs the parts apart anyway.
struct ApartTrait: TestTrait, TestScoping {
    /// Alone: no other test of the gate at the same time. Together: beside the other `together` tests.
    enum Mode: Sendable { case alone, together }
    let mode: Mode

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        await Gate.shared.enter(mode)
        do {
            try await function()
        } catch {
            await Gate.shared.leave(mode)
            throw error
        }
        await Gate.shared.leave(mode)
    }
}

extension Trait where Self == ApartTrait {
    /// Runs the test alone, or together with the other `together` tests only.
    static func apart(_ mode: ApartTrait.Mode) -> Self { Self(mode: mode) }
}

/// A readers-writer gate for async tests: waiting suspends, it blocks no thread.
private actor Gate {
    static let shared = Gate()
    private var together = 0
    private var alone = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter(_ mode: ApartTrait.Mode) async {
        while alone || (mode == .alone && together > 0) {
            await withCheckedContinuation { waiting.append($0) }
        }
        if mode == .alone { alone = true } else { together += 1 }
    }

    func leave(_ mode: ApartTrait.Mode) {
        if mode == .alone { alone = false } else { together -= 1 }
        let woken = waiting
        waiting = []
        for continuation in woken { continuation.resume() }
    }
}
