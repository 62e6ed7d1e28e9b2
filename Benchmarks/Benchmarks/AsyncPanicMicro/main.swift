// catchUnwindAsync against the goals of issues 12 and 22, side by side in one run, in
// a plain timed loop with the system's malloc (run it in debug and release):
//
//   swift run -c release --scratch-path .build AsyncPanicMicro
//   swift run -c debug   --scratch-path .build AsyncPanicMicro
//
// Prints `name<TAB>value<TAB>unit` lines (stderr goes to /dev/null):
// - the time of one call: `await body()`, `Task.detached { }.value`, and
//   catchUnwindAsync around the same body, with and without a suspension;
// - a caught async panic (silent hook), raised at once, after a suspension,
//   and a trap after a suspension;
// - the resident memory each caught panic leaves behind, over 10,000 (after
//   1,000 to warm up), and over 10,000 calls that do not panic.
import Glibc
import PanicRuntime

@inline(never) func sink(_ value: Int) { if value == -1 { print(value) } }
@inline(never) func work(_ value: Int) -> Int { value &* 31 &+ 7 }
@inline(never) func element(_ numbers: [Int], _ index: Int) -> Int { numbers[index] }

@inline(never) func body(_ value: Int) async -> Int { work(value) }
@inline(never) func suspendingBody(_ value: Int) async -> Int {
    await Task.yield()
    return work(value)
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

/// Resident set size in bytes (/proc/self/statm).
func residentBytes() -> Int {
    let file = fopen("/proc/self/statm", "r")!
    defer { fclose(file) }
    var size = 0, resident = 0
    withUnsafeMutablePointer(to: &size) { sizePointer in
        withUnsafeMutablePointer(to: &resident) { residentPointer in
            _ = withVaList([sizePointer, residentPointer]) { vfscanf(file, "%ld %ld", $0) }
        }
    }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func report(_ name: String, _ value: Double, _ unit: String) {
    print("\(name)\t\(value)\t\(unit)")
}

/// CPU time of the whole process (every thread), in ns.
func cpuTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

/// Median over `rounds` of the mean wall-clock time of `iterations` calls,
/// and of the process CPU time they took (all threads), in ns. On a loaded
/// machine the wall clock includes waiting for a processor; CPU time does not.
func measure(_ name: String, _ iterations: Int, rounds: Int = 5, _ call: (Int) async -> Void) async {
    if let only, !name.contains(only) { return }
    for index in 0..<max(1, iterations / 10) { await call(index) }
    var walls: [Double] = [], cpus: [Double] = []
    for _ in 0..<rounds {
        let start = now(), startCPU = cpuTime()
        for index in 0..<iterations { await call(index) }
        walls.append((now() - start) / Double(iterations))
        cpus.append((cpuTime() - startCPU) / Double(iterations))
    }
    report(name, walls.sorted()[rounds / 2], "ns")
    report(name + " (CPU)", cpus.sorted()[rounds / 2], "ns")
}

/// Bytes of resident memory per call, over `count` calls after `warmup`.
func memoryPerCall(_ name: String, count: Int, warmup: Int, _ call: (Int) async -> Void) async {
    if let only, !name.contains(only) { return }
    for index in 0..<warmup { await call(index) }
    let before = residentBytes()
    for index in 0..<count { await call(index) }
    let after = residentBytes()
    report(name, Double(after - before) / Double(count), "bytes")
}

let scale = getenv("BENCHMARK_SMOKE") != nil ? 100 : 1
/// `ONLY=text`: run only the measurements whose name contains it (for a profiler).
let only = getenv("ONLY").map { String(cString: $0) }
// Debug builds of the standard library print `Fatal error: …` for every
// trap: stderr goes to /dev/null, the figures to stdout.
let null = open("/dev/null", O_WRONLY)
dup2(null, 2)
TrapInterception.enable()
setHook { _ in }
await runAll()

/// Everything, off the main actor (top-level code is on it: every call to a
/// nonisolated async function from there would hop to the pool and back).
nonisolated func runAll() async {

// MARK: calls that do not panic

await measure("await body()", 200_000 / scale) { sink(await body($0)) }
await measure("Task.detached { body }.value", 20_000 / scale) { index in
    sink(await Task.detached { await body(index) }.value)
}
await measure("catchUnwindAsync { body }", 20_000 / scale) { index in
    if case .success(let value) = try! await catchUnwindAsync({ await body(index) }) { sink(value) }
}
await measure("await suspendingBody()", 100_000 / scale) { sink(await suspendingBody($0)) }
await measure("catchUnwindAsync { suspendingBody }", 20_000 / scale) { index in
    if case .success(let value) = try! await catchUnwindAsync({ await suspendingBody(index) }) { sink(value) }
}

// MARK: caught panics (silent hook)

await measure("caught async panic, at once", 10_000 / scale) { _ in
    if case .failure = try! await catchUnwindAsync({ () async -> Int in panic("at once") }) { sink(1) }
}
await measure("caught async panic, after a suspension", 10_000 / scale) { _ in
    if case .failure = try! await catchUnwindAsync({ () async -> Int in
        await Task.yield()
        panic("after a yield")
    }) { sink(1) }
}
await measure("caught async trap, after a suspension", 2_000 / scale) { index in
    if case .failure = try! await catchUnwindAsync({ () async -> Int in
        await Task.yield()
        return element([1, 2, 3], 3 + index)
    }) { sink(1) }
}

// The same trap caught synchronously: what the trap's diagnosis costs alone.
await measure("caught sync trap (catchUnwind), for comparison", 2_000 / scale) { index in
    if case .failure = catchUnwind({ element([1, 2, 3], 3 + index) }) { sink(1) }
}

// MARK: memory

await memoryPerCall("memory per call that does not panic", count: 10_000 / scale, warmup: 1_000 / scale) { index in
    if case .success(let value) = try! await catchUnwindAsync({ await suspendingBody(index) }) { sink(value) }
}
await memoryPerCall("memory per caught async panic", count: 10_000 / scale, warmup: 1_000 / scale) { index in
    if case .failure = try! await catchUnwindAsync({ () async -> Int in
        await Task.yield()
        panic("after a yield \(index)")
    }) { sink(1) }
}
// What the body's own frames held, beside what the machinery keeps: the
// same panic with 4 KiB held across the suspension (the difference between
// the two figures is the body's share).
await memoryPerCall("memory per caught async panic, body holding 4 KiB", count: 5_000 / scale, warmup: 500 / scale) { index in
    if case .failure = try! await catchUnwindAsync({ () async -> Int in
        let held = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 4096)
        await Task.yield()
        if held[index % 4096] == 1 && index < 0 { return 0 }
        panic("holding \(held.count) bytes")
    }) { sink(1) }
}
await memoryPerCall("memory per caught async trap", count: 10_000 / scale, warmup: 1_000 / scale) { index in
    if case .failure = try! await catchUnwindAsync({ () async -> Int in
        await Task.yield()
        return element([1, 2, 3], 3 + index)
    }) { sink(1) }
}
await memoryPerCall("memory per caught panic in an async let child", count: 10_000 / scale, warmup: 1_000 / scale) { index in
    if case .failure = try! await catchUnwindAsync({ () async -> Int in
        async let child: Int = { await Task.yield(); panic("child \(index)") }()
        return await child
    }) { sink(1) }
}
}
