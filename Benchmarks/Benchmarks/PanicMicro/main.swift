// The Swift side of the comparison with Benchmarks/rust-reference, measured
// the way roundtrip.rs measures Rust: a plain timed loop, the system's own
// malloc (package-benchmark's malloc interposer adds tens of ns to each
// allocation). Prints `name<TAB>nanoseconds per iteration`.
import Glibc
import PanicRuntime
import Synchronization

@inline(never) func sink(_ value: Int) { if value == -1 { print(value) } }
@inline(never) func work(_ value: Int) -> Int { value &* 31 &+ 7 }

@inline(never)
func atDepth<T>(_ depth: Int, _ body: () -> T) -> T {
    if depth <= 1 { return body() }
    let result = atDepth(depth - 1, body)
    sink(depth)
    return result
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

func measure(_ name: String, _ iterations: Int, _ body: () -> Void) {
    for _ in 0..<max(1, iterations / 10) { body() }
    let start = now()
    for _ in 0..<iterations { body() }
    print("\(name)\t\((now() - start) / Double(iterations))")
}

let scale = getenv("BENCHMARK_SMOKE") != nil ? 100 : 1
var counter = 0

// The first capture in the process, on the same stack as the warm ones below
// (compare.py sets it beside the toolchain's Runtime.Backtrace, cold).
beginShortBacktrace { atDepth(14) {
    let first = now()
    sink(Backtrace.capture().frames.count)
    print("Backtrace.capture, cold\t\(now() - first)")
} }

measure("plain call", 10_000_000 / scale) { counter &+= 1; sink(work(counter)) }
measure("catchUnwind, happy path", 10_000_000 / scale) {
    counter &+= 1
    if case .success(let value) = catchUnwind({ work(counter) }) { sink(value) }
}
// PanicMutex against the standard library's Mutex, uncontended (goal: at most 2x).
let standardMutex = Mutex(0)
let panicMutex = PanicMutex(0)
measure("Mutex.withLock, uncontended", 10_000_000 / scale) { standardMutex.withLock { $0 &+= 1 } }
measure("PanicMutex.withLock, uncontended", 10_000_000 / scale) { try! panicMutex.withLock { $0 &+= 1 } }
setHook { _ in }
measure("panic + catch, depth 10, silent hook", 200_000 / scale) {
    if case .failure = catchUnwind({ atDepth(10) { () -> Int in panic("round trip") } }) { sink(1) }
}
_ = takeHook()
// The report goes to /dev/null.
let saved = dup(2)
let null = open("/dev/null", O_WRONLY)
dup2(null, 2)
measure("panic + catch, depth 10, default hook", 20_000 / scale) {
    if case .failure = catchUnwind({ atDepth(10) { () -> Int in panic("round trip") } }) { sink(1) }
}
dup2(saved, 2)
// Below beginShortBacktrace, as under start: a short trace stops there.
beginShortBacktrace { atDepth(14) {
    measure("Backtrace.capture, 20 frames", 100_000 / scale) { sink(Backtrace.capture().frames.count) }
    let first = now()
    sink(Backtrace.capture().formatted(style: .short).utf8.count)
    print("Backtrace capture + short print, cold\t\(now() - first)")
    measure("Backtrace capture + short print, warm", 20_000 / scale) {
        sink(Backtrace.capture().formatted(style: .short).utf8.count)
    }
} }
