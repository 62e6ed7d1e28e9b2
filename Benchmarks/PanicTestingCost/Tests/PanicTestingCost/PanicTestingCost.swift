import Foundation
import PanicRuntime
import PanicTesting
import Testing

/// The check both tests make: `checkOut` of an empty cart panics with a
/// message containing "cart is empty".
@inline(never)
func checkOut(_ items: [String]) -> Int {
    if items.isEmpty { panic("the cart is empty") }
    return items.count
}

/// Smoke mode (CI): a few rounds only.
let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] != nil

/// Times `rounds` runs of `check` after one warm-up run; prints the median.
func measure(_ name: String, rounds: Int, _ check: () async -> Void) async {
    await check()
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<rounds {
        let elapsed = await clock.measure { await check() }
        samples.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
    }
    samples.sort()
    print("\(name)\t\(samples[samples.count / 2])")
}

// Serialized, so that the two never compete for the cores.
@Suite(.serialized)
struct PanicTestingCost {
    @Test func expectPanicCheck() async {
        await measure("expectPanic", rounds: smoke ? 10 : 1000) {
            expectPanic(containing: "cart is empty") { _ = checkOut([]) }
        }
    }

    @Test func exitTestCheck() async {
        await measure("exit test", rounds: smoke ? 3 : 30) {
            let result = await #expect(processExitsWith: .exitCode(101), observing: [\.standardErrorContent]) {
                _ = checkOut([])
            }
            #expect(result.map { String(decoding: $0.standardErrorContent, as: UTF8.self).contains("cart is empty") } == true)
        }
    }
}
