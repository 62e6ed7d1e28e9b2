// The toolchain's `Backtrace` (module `Runtime`, Swift 6.x), measured as
// Benchmarks/Benchmarks/PanicMicro measures swift-panic's: a plain timed loop,
// the same stack (14 nested calls under the measuring closure, about 20
// frames), defaults a user would write (`Backtrace.capture()`,
// `.symbolicated()`, `description`). Prints `name<TAB>nanoseconds`; the
// frame counts go to stderr.
import Glibc
import Runtime

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

func measure(_ name: String, _ iterations: Int, _ body: () -> Void) {
    for _ in 0..<max(1, iterations / 10) { body() }
    let start = now()
    for _ in 0..<iterations { body() }
    print("\(name)\t\((now() - start) / Double(iterations))")
}

/// Times one call: the first of its kind in this process.
func once(_ name: String, _ body: () -> Void) {
    let start = now()
    body()
    print("\(name)\t\(now() - start)")
}

@inline(never) func capture(images: ImageMap? = nil) -> Backtrace {
    do { return try Backtrace.capture(images: images) } catch { fatalError("Backtrace.capture() threw: \(error)") }
}

@inline(never) func captureAndDescribe(images: ImageMap? = nil) -> String {
    guard let symbolicated = capture(images: images).symbolicated(with: images) else {
        fatalError("symbolicated() returned nil")
    }
    return symbolicated.description
}

let scale = getenv("BENCHMARK_SMOKE") != nil ? 100 : 1

atDepth(14) {
    // Cold first: nothing of the backtracer has run in this process yet.
    once("Runtime.Backtrace.capture, cold") { sink(Array(capture().frames).count) }
    measure("Runtime.Backtrace.capture, warm", 5_000 / scale) { sink(Array(capture().frames).count) }
    // The first symbolication comes after warm captures, as PanicMicro's and
    // roundtrip.rs's cold print do.
    once("Runtime.Backtrace capture + symbolicate + describe, cold") { sink(captureAndDescribe().utf8.count) }
    measure("Runtime.Backtrace capture + symbolicate + describe, warm", 1_000 / scale) {
        sink(captureAndDescribe().utf8.count)
    }
    // What a user who keeps an ImageMap can have: capture no longer reads the
    // process's image list each time.
    let images = ImageMap.capture()
    measure("Runtime.Backtrace.capture(images:), warm", 5_000 / scale) {
        sink(Array(capture(images: images).frames).count)
    }
    measure("Runtime.Backtrace capture(images:) + symbolicate + describe, warm", 1_000 / scale) {
        sink(captureAndDescribe(images: images).utf8.count)
    }
    let frames = Array(capture().frames).count
    let lines = captureAndDescribe().split(separator: "\n").count
    let note = "frames captured: \(frames), lines described: \(lines)\n"
    _ = note.withCString { write(2, $0, strlen($0)) }
}
