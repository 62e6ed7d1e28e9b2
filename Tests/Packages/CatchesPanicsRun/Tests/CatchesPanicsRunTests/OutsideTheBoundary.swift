import PanicRuntime
import PanicTesting
import Testing

/// What the trait cannot catch: run alone by scripts/test-catches-panics,
/// which expects the run to end as an uncaught panic does (report, 101).
@Suite struct OutsideTheBoundary {
    /// The main actor is not under the boundary's executor.
    @MainActor @Test(.catchesPanics) func panicsOnTheMainActor() {
        panic("panic on the main actor")
    }
}
