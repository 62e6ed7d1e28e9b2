// The scenarios the fixture can run, by name.
import Glibc
import Logging
import PanicLogging
import PanicRuntime
import Synchronization

/// Resident memory now, in KiB (from /proc/self/statm).
func residentKiB() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return -1 }
    defer { fclose(file) }
    var size = 0, resident = 0
    guard withVaList([withUnsafeMutablePointer(to: &size) { $0 }, withUnsafeMutablePointer(to: &resident) { $0 }], { vfscanf(file, "%ld %ld", $0) }) == 2 else { return -1 }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

final class Resource {
    let name: String
    init(_ name: String) { self.name = name }
}

/// Writes straight to stdout (fd 1), unbuffered.
func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

struct Code: Sendable { let value: Int }

// A call chain for the backtrace scenarios. `innerStep` is inlined into
// `middleStep` in release builds: the trace must still show it.
@inline(never) func outerStep() -> Int { middleStep() + 1 }
@inline(never) func middleStep() -> Int { innerStep() + 1 }
@inline(__always) func innerStep() -> Int { panic("deep in the chain") }

/// A backtrace captured away from any panic, printed short.
let failSameLineAt: UInt = #line + 1
@inline(never) func failSameLine(_ text: String) -> Int { fatalError(text) }
@inline(never) func captureHere() -> String { Backtrace.capture().formatted(style: .short) }
enum StandardErrorWriter {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

enum Scenarios {
    static let all: [String: @Sendable () -> Void] = ReliabilityScenarios.all.merging(TrapLocationScenarios.all) { first, _ in first }.merging(ReloadScenarios.all) { first, _ in first }.merging(AnotherToolScenarios.all) { first, _ in first }.merging(own) { reliability, _ in reliability }; static let own: [String: @Sendable () -> Void] = [
        // print() is buffered: the exit path must flush it.
        "uncaught": {
            print("buffered line before the panic")
            panic("boom")
        },
        "uncaught-fatal": { fatal("fatal says no") },
        "uncaught-fatal-empty": { fatal() },
        "default-message": { panic() },
        "caught-then-exit-0": {
            let result = catchUnwind { () -> Int in panic("caught one") }
            switch result {
            case .success: say("not caught")
            case .failure(let caught): say("caught: \(caught.message ?? "nil") at \(caught.location)")
            }
            say("count after: \(panicCount) \(globalPanicCount) \(isPanicking)")
        },
        "two-panics": {
            _ = catchUnwind { panic("first") }
            panic("second")
        },
        "non-string-payload": { panic(payload: Code(value: 7)) },
        "int-payload": { panic(payload: 42) },
        "static-string-payload": { panic(payload: "static" as StaticString) },
        "huge-message": { panic(String(repeating: "x", count: 1 << 20) + "END") },
        "hostile-message": {
            let invalid: [UInt8] = [0x41, 0xFF, 0xFE, 0x42]
            panic("nul:\u{0}|esc:\u{1B}[31mred|bell:\u{7}|invalid:" + String(decoding: invalid, as: UTF8.self) + "|tab:\t|end")
        },
        "panic-in-hook": {
            setHook { _ in panic("the hook panicked") }
            panic("first panic")
        },
        "set-hook-in-hook": {
            setHook { _ in setHook { _ in } }
            panic("first panic")
        },
        "resume-uncaught": {
            if case .failure(let caught) = catchUnwind({ panic("resumed") }) {
                resumeUnwind(caught)
            }
            say("not reached")
        },
        "hook-replaced": {
            setHook { info in
                let text = "custom hook: \(info.message ?? "?") at \(info.location) canUnwind=\(info.canUnwind) thread=\(info.threadName ?? "nil")\n"
                StandardErrorWriter.write(text)
            }
            panic("via custom hook")
        },
        "unnamed-thread": {
            var thread = pthread_t()
            pthread_create(&thread, nil, { _ in
                panic("from a plain thread")
            }, nil)
            pthread_join(thread, nil)
            say("not reached")
        },
        "catch-in-abort-build": {
            let result = catchUnwind { () -> Int in panic("cannot be caught") }
            say("returned \(result)")
        },
        // The Swift runtime's own crash report, for comparison: proves that the
        // backtracer is on in the child, so the one-report checks can fail.
        "raw-abort": { abort() },
    "trap-index": {
        TrapInterception.enable()
        let numbers = [1, 2, 3]
        var index = 3
        if CommandLine.arguments.count > 5 { index = 0 }
        let result = catchUnwind { numbers[index] }
        say("result: \(result)")
        say("again: \(numbers[1])")
        _ = numbers[index]
    },
    "trap-loop": {
        TrapInterception.enable()
        if getenv("VERBOSE") != nil {
            setHook { info in say("hook: \(info.message ?? "?") at \(info.location)") }
        } else {
            setHook { _ in }
        }
        let numbers = [1, 2, 3]
        var caught = 0
        let rounds = Int(getenv("ROUNDS").map { String(cString: $0) } ?? "1000") ?? 1000
        for round in 0..<rounds {
            let kind = getenv("KIND").map { Int(String(cString: $0)) ?? 0 } ?? round % 4
            let result = catchUnwind { () -> Int in
                switch kind {
                case 0: return numbers[numbers.count + round % 3]
                case 1: let value: Int? = round < 0 ? 1 : nil; return value!
                case 2: return Int.max + numbers[round % 3]
                default: precondition(round < 0, "round \(round)"); return 0
                }
            }
            if case .failure = result { caught += 1 }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        say("caught \(caught) of \(rounds); numbers \(numbers); max RSS \(usage.ru_maxrss) KiB")
    },
    "trap-concurrent-same-line": {
        // Threads failing at one fatalError line at once, each with its own
        // message. The runtime keeps its reports in one record with no
        // thread in it; its debugger hook, routed by TrapInterception, says
        // which thread reported what.
        TrapInterception.enable()
        let caught = Atomic<Int>(0)
        let swapped = Atomic<Int>(0)
        let foreign = Atomic<Int>(0)
        let wrongLocation = Atomic<Int>(0)
        setHook { _ in }
        let line = failSameLineAt
        let threads = (0..<4).map { index in
            spawn(name: "failer-\(index)") { () -> Void in
                for round in 0..<150 {
                    let text = "thread \(index) round \(round)"
                    guard case .failure(let panic) = catchUnwind({ () -> Int in failSameLine(text) }) else { continue }
                    caught.add(1, ordering: .relaxed)
                    let message = panic.message ?? ""
                    if message != "Fatal error: " + text { swapped.add(1, ordering: .relaxed) }
                    if !message.hasPrefix("Fatal error: thread ") { foreign.add(1, ordering: .relaxed) }
                    if panic.location.line != line { wrongLocation.add(1, ordering: .relaxed) }
                }
            }
        }
        for thread in threads { _ = thread.join() }
        say("caught \(caught.load(ordering: .relaxed)); foreign messages \(foreign.load(ordering: .relaxed)); wrong locations \(wrongLocation.load(ordering: .relaxed)); swapped \(swapped.load(ordering: .relaxed))")
    },
    "trap-concurrent": {
        // Threads trapping at once each get their own trap's message, though
        // the runtime keeps every report in one record.
        TrapInterception.enable()
        let wrong = Atomic<Int>(0)
        let caught = Atomic<Int>(0)
        setHook { _ in }
        let threads = (0..<4).map { index in
            spawn(name: "trapper-\(index)") { () -> Void in
                let numbers = [1, 2, 3]
                let nothing: Int? = index < 0 ? 1 : nil
                for round in 0..<300 {
                    let result = catchUnwind { () -> Int in
                        index % 2 == 0 ? numbers[3 + round % 2] : nothing!
                    }
                    guard case .failure(let panic) = result else { continue }
                    caught.add(1, ordering: .relaxed)
                    let expected = index % 2 == 0 ? "Fatal error: Index out of range" : "Fatal error: Unexpectedly found nil while unwrapping an Optional value"
                    if panic.message != expected {
                        if wrong.add(1, ordering: .relaxed).newValue <= 3, getenv("VERBOSE") != nil {
                            say("thread \(index) got \(panic.message ?? "nil") at \(panic.location)")
                        }
                    }
                }
            }
        }
        for thread in threads { _ = thread.join() }
        say("caught \(caught.load(ordering: .relaxed)); wrong messages \(wrong.load(ordering: .relaxed))")
    },
    "trap-uncaught": {
        TrapInterception.enable()
        let value: Int? = CommandLine.arguments.count > 5 ? 1 : nil
        say("before the trap")
        say("value \(value!)")
    },
    "trap-disabled": {
        TrapInterception.enable()
        TrapInterception.disable()
        let numbers = [1]
        let index = CommandLine.arguments.count
        _ = catchUnwind { numbers[index] }
        say("not reached")
    },
    "cleanup-panics": {
        _ = catchUnwind {
            withUnwindCleanup({ panic("the cleanup panicked") }) { () -> Void in panic("first") }
        }
        say("not reached")
    },
    "cleanup-uncaught": {
        withUnwindCleanup({ say("cleanup before exit") }) { () -> Void in panic("nothing catches this") }
    },
    "panic-memory": {
        setHook { _ in }
        let rounds = Int(getenv("ROUNDS").map { String(cString: $0) } ?? "200000") ?? 200_000
        // Warm up: first panics load what stays loaded (symbols, caches).
        for _ in 0..<1000 { _ = catchUnwind { () -> Int in panic("warm up") } }
        let before = residentKiB()
        var caught = 0
        for round in 0..<rounds {
            let result = catchUnwind { () -> Int in
                withUnwindCleanup({}) { () -> Int in panic("round \(round)") }
            }
            if case .failure = result { caught += 1 }
        }
        let after = residentKiB()
        say("caught \(caught) of \(rounds); resident before \(before) KiB, after \(after) KiB, growth \(after - before) KiB")
    },
    "logging-hook": {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardOutput(label: label) }
        PanicLogging.install(logger: Logger(label: "fixture"))
        let result = catchUnwind { () -> Int in panic("logged panic") }
        say("caught: \(result)")
    },
    "backtrace-chain": { _ = beginShortBacktrace { outerStep() } },
    "backtrace-no-marker": { _ = outerStep() },
    "backtrace-hook-capture": {
        setHook { _ in StandardErrorWriter.write("hook trace:\n" + Backtrace.capture().formatted(style: .short)) }
        _ = beginShortBacktrace { outerStep() }
    },
    "backtrace-capture-no-panic": {
        let text = beginShortBacktrace { captureHere() }
        say(text)
    },
    "backtrace-thread": {
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            _ = outerStep()
            return nil
        }, nil)
        pthread_join(thread, nil)
    },
    ]
}
