// The scenarios the fixture can run, by name.
import Glibc
import Runtime

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
@inline(never) func captureHere() -> String { Backtrace.capture().formatted(style: .short) }
enum StandardErrorWriter {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

enum Scenarios {
    static let all: [String: @Sendable () -> Void] = [
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
