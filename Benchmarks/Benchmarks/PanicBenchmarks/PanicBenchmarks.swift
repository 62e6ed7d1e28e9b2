import Benchmark
import Glibc
import PanicRuntime

/// Recurses `depth` frames, then runs `body` at the bottom.
@inline(never)
func atDepth<T>(_ depth: Int, _ body: () -> T) -> T {
    if depth <= 1 { return body() }
    let result = atDepth(depth - 1, body)
    blackHole(depth)
    return result
}

/// The work inside the calls compared below.
@inline(never)
func work(_ value: Int) -> Int { value &* 31 &+ 7 }

/// `BENCHMARK_SMOKE=1`: a few iterations of everything, for CI.
let smoke = getenv("BENCHMARK_SMOKE") != nil

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .nanoseconds,
        warmupIterations: smoke ? 1 : 10,
        maxDuration: smoke ? .milliseconds(100) : .seconds(2),
        maxIterations: smoke ? 100 : 1_000_000
    )

    // MARK: catchUnwind, happy path

    Benchmark("plain call (baseline)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(work(index))
        }
    }

    Benchmark("catchUnwind, happy path", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(catchUnwind { work(index) })
        }
    }

    // MARK: panic + catch round trip

    Benchmark("panic + catch, depth 10, silent hook") { benchmark in
        let previous = takeHook()
        setHook { _ in }
        defer { setHook(previous) }
        for _ in benchmark.scaledIterations {
            blackHole(catchUnwind { atDepth(10) { () -> Int in panic("round trip") } })
        }
    }

    Benchmark("panic + catch, depth 10, default hook to /dev/null") { benchmark in
        // The report goes to /dev/null (fd 2 swapped for the run).
        let saved = dup(2)
        let null = open("/dev/null", O_WRONLY)
        dup2(null, 2)
        defer {
            dup2(saved, 2)
            close(saved)
            close(null)
        }
        let previous = takeHook()
        defer { setHook(previous) }
        for _ in benchmark.scaledIterations {
            blackHole(catchUnwind { atDepth(10) { () -> Int in panic("round trip") } })
        }
    }

    // MARK: backtraces (issue 3's goals: capture < 1 µs, warm short print < 50 µs)

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
