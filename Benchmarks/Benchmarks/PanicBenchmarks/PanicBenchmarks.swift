import Benchmark
import Runtime

// Backtraces (issue 3's speed goals: capture of a 20-frame trace under 1 µs,
// a symbolized short print, warm, under 50 µs).

/// Recurses `depth` frames, then runs `body` at the bottom.
@inline(never)
func atDepth<T>(_ depth: Int, _ body: () -> T) -> T {
    if depth <= 1 { return body() }
    let result = atDepth(depth - 1, body)
    blackHole(depth)
    return result
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .nanoseconds,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    Benchmark("Backtrace.capture, 20 frames") { benchmark in
        atDepth(20 - 6) {
            for _ in benchmark.scaledIterations {
                blackHole(Backtrace.capture())
            }
        }
    }

    Benchmark("Backtrace short print, 20 frames, warm") { benchmark in
        atDepth(20 - 6) {
            let trace = Backtrace.capture()
            blackHole(trace.formatted(style: .short))  // warm the symbol cache
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(trace.formatted(style: .short))
            }
        }
    }

    Benchmark("Backtrace capture + short print, 20 frames, warm") { benchmark in
        atDepth(20 - 6) {
            blackHole(Backtrace.capture().formatted(style: .short))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(Backtrace.capture().formatted(style: .short))
            }
        }
    }
}
