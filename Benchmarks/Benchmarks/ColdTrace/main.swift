// The first backtrace of a process, measured inside it: capture and short
// print, before anything else has captured or symbolized (one sample per
// process; Benchmarks/coldtrace.py runs it many times). The Rust twin is
// rust-reference/src/bin/coldtrace.rs. With the argument `roundtrip`: the first
// caught panic instead. Prints `name<TAB>nanoseconds`.
import Glibc
import PanicRuntime

@inline(never) func sink(_ value: Int) { if value == -1 { print(value) } }

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

if CommandLine.arguments.dropFirst().first == "roundtrip" {
    // The first caught panic of the process (silent hook, depth 10): its
    // one-time costs (the survival check's first look at libswiftCore) included.
    setHook { _ in }
    let first = now()
    if case .failure = catchUnwind({ atDepth(10) { () -> Int in panic("round trip") } }) { sink(1) }
    let cold = now() - first
    let second = now()
    if case .failure = catchUnwind({ atDepth(10) { () -> Int in panic("round trip") } }) { sink(1) }
    let warm = now() - second
    print("first caught panic, cold\t\(cold)")
    print("first caught panic, second\t\(warm)")
    exit(0)
}

// Below beginShortBacktrace, as under start: a short trace stops there.
beginShortBacktrace { atDepth(14) {
    let first = now()
    sink(Backtrace.capture().formatted(style: .short).utf8.count)
    let cold = now() - first
    let second = now()
    sink(Backtrace.capture().formatted(style: .short).utf8.count)
    let warm = now() - second
    print("capture + short print, cold\t\(cold)")
    print("capture + short print, second\t\(warm)")
} }
