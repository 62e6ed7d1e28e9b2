// Scenarios for the reliability tests (issue 7): load, faults, hostile
// environments. Run by Tests/ProcessTests/ReliabilityProcessTests.swift.
import Glibc
import PanicRuntime
import Synchronization

/// A payload whose `description` panics: only code that asks for it runs it.
struct TreacherousPayload: Sendable, CustomStringConvertible {
    var description: String { panic("description panicked") }
}

/// Recurses without end, 512 bytes of stack a call, for overflows inside hooks.
@inline(never)
func recurseForever(_ depth: Int) -> Int {
    if depth < 0 { return 0 }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { buffer in
        buffer.initialize(repeating: UInt8(truncatingIfNeeded: depth))
        return recurseForever(depth + 1 + Int(buffer[depth % 512] & 0)) + Int(buffer[511])
    }
}

/// Recurses until fewer than `margin` bytes are left above the thread's
/// guard range, then calls `body` there.
@inline(never)
func nearTheGuard(margin: UInt, guardHigh: UInt, _ body: () -> Void) -> Int {
    var marker: UInt8 = 0
    let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    if here < guardHigh + margin {
        body()
        return 0
    }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
        buffer.initialize(repeating: 1)
        return nearTheGuard(margin: margin, guardHigh: guardHigh, body) + Int(buffer[255])
    }
}

func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

/// Makes fd 2 a pipe whose reader is gone (`broken-pipe`), or closes it (`closed`).
func breakStandardError(_ mode: String) {
    switch mode {
    case "closed":
        close(2)
    case "broken-pipe":
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return say("pipe failed") }
        close(ends[0])
        dup2(ends[1], 2)
        close(ends[1])
    default:
        say("unknown STDERR_MODE \(mode)")
    }
}

/// The C function of the callback library (built by the test, then stripped):
/// `int call_back(int (*callback)(int), int depth)`.
typealias CallBack = @convention(c) (@convention(c) (Int32) -> Int32, Int32) -> Int32

enum ReliabilityScenarios {
    static let all: [String: @Sendable () -> Void] = [
        // 8 threads × 20,000 caught panics while the main thread swaps hooks
        // with takeHook/setHook: a hook that counts, and one that counts and
        // calls defaultHook (between take and set, the default hook itself).
        // stdout: `caught C counted N printed P bad-counts B swaps S global G`.
        "load": {
            let threads = Int(environment("LOAD_THREADS") ?? "8") ?? 8
            let panics = Int(environment("LOAD_PANICS") ?? "20000") ?? 20_000
            let counted = Atomic<Int>(0)
            let printed = Atomic<Int>(0)
            let caught = Atomic<Int>(0)
            let badCounts = Atomic<Int>(0)
            let finished = Atomic<Int>(0)
            let counting: @Sendable (PanicInfo) -> Void = { _ in counted.add(1, ordering: .relaxed) }
            let printing: @Sendable (PanicInfo) -> Void = { info in
                printed.add(1, ordering: .relaxed)
                defaultHook(info)
            }
            setHook(counting)
            let workers = (0..<threads).map { index in
                spawn(name: "load-\(index)") {
                    for round in 0..<panics {
                        let result = catchUnwind { () -> Int in panic("load \(index) #\(round)") }
                        if case .failure = result { caught.add(1, ordering: .relaxed) }
                        if panicCount != 0 || isPanicking { badCounts.add(1, ordering: .relaxed) }
                    }
                    finished.add(1, ordering: .relaxed)
                }
            }
            var swaps = 0
            while finished.load(ordering: .relaxed) < threads {
                _ = takeHook()
                setHook(swaps % 2 == 0 ? printing : counting)
                swaps += 1
                if swaps % 64 == 0 { sched_yield() }
            }
            var failedJoins = 0
            for worker in workers {
                if case .failure = worker.join() { failedJoins += 1 }
            }
            say("caught \(caught.load(ordering: .relaxed)) counted \(counted.load(ordering: .relaxed)) printed \(printed.load(ordering: .relaxed)) bad-counts \(badCounts.load(ordering: .relaxed)) failed-joins \(failedJoins) swaps-at-least-2 \(swaps >= 2) global \(globalPanicCount) local \(panicCount)")
        },

        // A hook that panics, while a catchUnwind is open: not caught, aborts.
        "hook-panics-inside-catch": {
            setHook { _ in panic("the hook panicked inside catchUnwind") }
            let result = catchUnwind { () -> Int in panic("first panic") }
            say("returned \(result)")
        },
        // The same on a spawned thread, under start.
        "hook-panics-on-spawned-thread": {
            start {
                setHook { _ in panic("the hook panicked on a thread") }
                let result = spawn(name: "worker") { () -> Int in panic("first panic") }.join()
                say("joined \(result)")
            }
        },
        // A cleanup that panics while a panic with no catch frame passes.
        "cleanup-panics-uncaught": {
            withUnwindCleanup({ panic("the cleanup panicked while a panic passed") }) { () -> Void in panic("passing panic") }
            say("not reached")
        },
        // A cleanup that panics after its body returned normally: an ordinary panic.
        // Then another panic: it must be the one caught.
        "cleanup-panics-then-next": {
            setHook { info in say("hook: \(info.message ?? "?")") }
            let first = catchUnwind { () -> Int in
                withUnwindCleanup({ panic("the cleanup panicked after return") }) { 7 }
            }
            let next = catchUnwind { () -> Int in panic("next") }
            say("first \(first.failure?.message ?? "nothing"); next \(next.failure?.message ?? "nothing"); count \(panicCount) \(globalPanicCount)")
        },
        // A hook that asks for the payload's description, which panics: aborts.
        "description-panics-in-hook": {
            setHook { info in say("hook sees \(String(describing: info.payload))") }
            let result = catchUnwind { () -> Int in panic(payload: TreacherousPayload()) }
            say("returned \(result)")
        },
        // The default hook never calls a payload's description: reported, caught.
        "description-panics-default-hook": {
            let result = catchUnwind { () -> Int in panic(payload: TreacherousPayload()) }
            say("caught a \(result.failure.map { type(of: $0.payload) }.map { "\($0)" } ?? "nothing"); count \(panicCount)")
        },

        // A panic in a Swift @convention(c) callback called from a C library
        // that the test built and stripped (its path in CALLBACK_LIB), inside
        // catchUnwind. A backtrace is symbolized first, so the library is
        // loaded after the symbolizer read the module list.
        "stripped-callback": {
            say("warm-up trace has \(Backtrace.capture().symbolized().count) frames")
            guard let path = environment("CALLBACK_LIB"), let library = dlopen(path, RTLD_NOW) else {
                return say("dlopen failed: \(String(cString: dlerror()))")
            }
            guard let symbol = dlsym(library, "call_back") else { return say("no call_back") }
            let callBack = unsafeBitCast(symbol, to: CallBack.self)
            let result = catchUnwind { () -> Int32 in
                callBack({ _ in panic("from a C callback") }, 3)
            }
            say("caught \(result.failure?.message ?? "nothing"); count \(panicCount) \(globalPanicCount)")
            let again = catchUnwind { () -> Int32 in callBack({ depth in depth + 40 }, 2) }
            say("afterwards the library returns \(again)")
        },

        // A hook that overflows the stack of a thread prepared by start.
        "overflow-in-hook": {
            start {
                setHook { _ in say("depth \(recurseForever(0))") }
                _ = catchUnwind { () -> Int in panic("first panic") }
                say("not reached")
            }
        },
        // The same on a spawned thread.
        "overflow-in-hook-spawned": {
            start {
                setHook { _ in say("depth \(recurseForever(0))") }
                _ = spawn(name: "deep-hook") { () -> Int in panic("first panic") }.join()
                say("not reached")
            }
        },
        // A panic with little stack left (MARGIN bytes above the guard), with
        // the report's backtrace (PANIC_BACKTRACE=full): the default hook
        // captures and symbolizes on what is left.
        "panic-near-overflow": {
            start {
                let margin = UInt(environment("MARGIN") ?? "65536") ?? 65536
                guard let guardRange = StackOverflowReporting.guardRange else { return say("no guard range") }
                let result = catchUnwind { () -> Int in
                    nearTheGuard(margin: margin, guardHigh: guardRange.upperBound) { panic("near the guard") }
                }
                say("caught \(result.failure?.message ?? "nothing")")
            }
        },

        // stderr broken (STDERR_MODE: closed or broken-pipe) when a panic is
        // reported. With START=1 under start (SIGPIPE ignored), else not.
        "stderr-broken-uncaught": {
            breakStandardError(environment("STDERR_MODE") ?? "")
            if environment("START") == "1" {
                start { panic("nobody reads this") }
            }
            panic("nobody reads this")
        },
        // A caught panic and a spawned thread's panic with stderr broken: the process goes on.
        "stderr-broken-caught": {
            start {
                breakStandardError(environment("STDERR_MODE") ?? "")
                setBacktraceStyle(.full)
                let result = catchUnwind { () -> Int in panic("nobody reads this") }
                let joined = spawn(name: "worker") { () -> Int in panic("nobody reads this either") }.join()
                say("caught \(result.failure?.message ?? "nothing"); joined \(joined.failure?.message ?? "nothing"); count \(panicCount) \(globalPanicCount)")
            }
        },
    ]
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
