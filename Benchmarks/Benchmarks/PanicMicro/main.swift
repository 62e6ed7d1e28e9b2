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
// The survival rule's lock tracking: an uncontended pthread mutex pair through
// the package's counting lock functions against libc's own, called through a
// pointer (the counting functions are the program's `pthread_mutex_lock`).
typealias MutexFunction = @convention(c) (UnsafeMutablePointer<pthread_mutex_t>?) -> Int32
let libcLock = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: -1), "pthread_mutex_lock"), to: MutexFunction.self)
let libcUnlock = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: -1), "pthread_mutex_unlock"), to: MutexFunction.self)
let rawMutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
pthread_mutex_init(rawMutex, nil)
measure("pthread mutex lock+unlock, libc's", 10_000_000 / scale) { _ = libcLock(rawMutex); counter &+= 1; _ = libcUnlock(rawMutex) }
measure("pthread mutex lock+unlock, counted", 10_000_000 / scale) { pthread_mutex_lock(rawMutex); counter &+= 1; pthread_mutex_unlock(rawMutex) }
setHook { _ in }
// The first panic at a new place pays for the exact walk and the names of
// its frames (libdw's debug info); the first of the process also loads libdw.
@inline(never) func firstPanicAt(_ site: Int) -> Double {
    let start = now()
    switch site {
    case 0: _ = catchUnwind { atDepth(10) { () -> Int in panic("first") } }
    case 1: _ = catchUnwind { atDepth(12) { () -> Int in panic("second") } }
    default: _ = catchUnwind { atDepth(11) { () -> Int in panic("third") } }
    }
    return now() - start
}
print("panic + catch, first in the process\t\(firstPanicAt(0))")
print("panic + catch, first at a new place\t\(firstPanicAt(1))")
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
