// The scenarios the fixture can run, by name.
import Dispatch
import Glibc
import PanicRuntime

/// Writes a line straight to stdout (fd 1), unbuffered.
func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

/// Writes a line straight to stderr (fd 2).
func complain(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Recurses until the stack overflows: 512 bytes of stack per call, used
/// after the call so that neither a tail call nor a loop can replace it.
@inline(never)
func overflowStack(_ depth: Int) -> Int {
    if depth < 0 { return 0 }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { buffer in
        buffer.initialize(repeating: UInt8(truncatingIfNeeded: depth))
        return overflowStack(depth + 1 + Int(buffer[depth % 512] & 0)) + Int(buffer[511])
    }
}

/// Writes to a pipe whose read end is closed; says `EPIPE` when the write
/// fails that way (SIGPIPE ignored), `wrote` otherwise.
func writeToClosedPipe() {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return complain("pipe failed") }
    close(ends[0])
    let written = write(ends[1], "x", 1)
    say(written < 0 && errno == EPIPE ? "EPIPE" : "wrote \(written)")
}

struct DiskFull: Error, CustomStringConvertible {
    let path: String
    var description: String { "disk full at \(path)" }
}

struct PlainError: Error { let code: Int }

/// A custom result: says what happened on stderr, then chooses the status.
enum Verdict: Termination {
    case accepted, rejected
    func report() -> ExitCode {
        switch self {
        case .accepted: return .success
        case .rejected:
            complain("verdict: rejected")
            return ExitCode(4 as UInt8)
        }
    }
}

struct PanickingReport: Termination {
    func report() -> ExitCode { panic("report failed") }
}

enum VoidMain: PanicMain {
    static func run() throws { say("VoidMain ran") }
}

enum Int32Main: PanicMain {
    static func run() throws -> Int32 { 9 }
}

enum ExitCodeMain: PanicMain {
    static func run() throws -> ExitCode { ExitCode(5 as UInt8) }
}

enum ThrowingMain: PanicMain {
    static func run() throws { throw DiskFull(path: "/srv") }
}

enum TerminatingSigPipeMain: PanicMain {
    static var sigpipe: SigPipe { .terminate }
    static func run() throws {
        writeToClosedPipe()
        say("not reached")
    }
}

/// A semaphore's two ends, for scenarios that wait for another thread or task.
let signalled = DispatchSemaphore(value: 0)

enum StartScenarios {
    static let all: [String: @Sendable () -> Void] = [
        // Exit codes.
        "void": { start { print("main ran") } },
        "int32": { start { () -> Int32 in 7 } },
        "int32-return": { start { return 42 } },
        "exit-code": { start { ExitCode(3 as UInt8) } },
        "exit-code-failure": { start { ExitCode.failure } },
        "termination": { start { Verdict.rejected } },
        "throws": { start { throw DiskFull(path: "/var") } },
        "throws-plain": { start { () throws -> Int32 in throw PlainError(code: 5) } },
        "panics": {
            start {
                print("buffered before the panic")
                panic("main gave up")
            }
        },
        "panic-in-report": { start { PanickingReport() } },

        // @main types.
        "panic-main-void": { VoidMain.main() },
        "panic-main-int32": { Int32Main.main() },
        "panic-main-exit-code": { ExitCodeMain.main() },
        "panic-main-throws": { ThrowingMain.main() },
        "panic-main-sigpipe": { TerminatingSigPipeMain.main() },

        // At-exit actions.
        "at-exit": {
            start {
                atExit { say("first registered") }
                atExit { say("second registered") }
                print("main done")
            }
        },
        "at-exit-after-panic": {
            start {
                atExit { say("cleanup ran") }
                panic("main gave up")
            }
        },
        "at-exit-panicking-action": {
            start {
                atExit { say("other action ran") }
                atExit { panic("the action failed") }
            }
        },
        "at-exit-on-exit": {
            // Without start: the actions run at exit.
            atExit { say("cleanup ran") }
            exit(3)
        },

        // SIGPIPE.
        "sigpipe-ignore": { start { writeToClosedPipe() } },
        "sigpipe-terminate": {
            start(sigpipe: .terminate) {
                writeToClosedPipe()
                say("not reached")
            }
        },
        "sigpipe-inherit-ignored": {
            _ = signal(SIGPIPE, SIG_IGN)
            start(sigpipe: .inherit) { writeToClosedPipe() }
        },
        "sigpipe-inherit-default": {
            _ = signal(SIGPIPE, SIG_DFL)
            start(sigpipe: .inherit) {
                writeToClosedPipe()
                say("not reached")
            }
        },
        // Stdout whose reader is gone (the test closes it): keeps writing
        // until the write fails.
        "stdout-closed": {
            start {
                let chunk = [UInt8](repeating: 0x41, count: 4096)
                for _ in 0..<10_000 {
                    if write(1, chunk, chunk.count) < 0 {
                        complain(errno == EPIPE ? "EPIPE" : "errno \(errno)")
                        return
                    }
                }
                complain("never failed")
            }
        },

        // Stack overflow and other faults.
        "overflow-main": { start { say("depth \(overflowStack(0))") } },
        "overflow-spawned": {
            start {
                _ = spawn(name: "deep-worker") { overflowStack(0) }.join()
                say("not reached")
            }
        },
        "overflow-spawned-unnamed": {
            start {
                _ = spawn { overflowStack(0) }.join()
                say("not reached")
            }
        },
        "overflow-spawned-long-name": {
            start {
                _ = spawn(name: "a worker whose name is longer than fifteen bytes") { overflowStack(0) }.join()
                say("not reached")
            }
        },
        "overflow-after-spawned-threads": {
            // Threads that came and went freed their alternate stacks; the main thread's still works.
            start {
                for index in 0..<50 { _ = spawn(name: "short-\(index)") { index }.join() }
                say("depth \(overflowStack(0))")
            }
        },
        "overflow-without-start": { say("depth \(overflowStack(0))") },
        "segv-bad-address": {
            start {
                UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
                say("not reached")
            }
        },
        "segv-raised": {
            start {
                raise(SIGSEGV)
                say("not reached")
            }
        },

        // Threads.
        "spawn-join": {
            start {
                let worker = spawn(name: "worker-1") { () -> Int in panic("worker failed") }
                switch worker.join() {
                case .success(let value): say("joined: \(value)")
                case .failure(let caught): say("joined a panic: \(caught.message ?? "?")")
                }
                let fine = spawn(name: "worker-2") { 6 * 7 }
                say("second: \(fine.join())")
            }
        },
        "spawn-unjoined": {
            start {
                updateHook { previous, info in
                    previous(info)
                    signalled.signal()
                }
                _ = spawn(name: "lost") { panic("nobody joins") }
                signalled.wait()
                usleep(50_000)
                say("main goes on")
            }
        },

        // Swift concurrency.
        "task-panics": {
            start {
                atExit { say("cleanup ran") }
                Task.detached { panic("in a task") }
                signalled.wait()
                say("not reached")
            }
        },
        "catch-in-task": {
            start {
                Task.detached {
                    let outcome = catchUnwind { () -> Int in panic("caught in a task") }
                    if case .failure(let caught) = outcome {
                        say("caught: \(caught.message ?? "?")")
                    }
                    await Task.yield()
                    say("task goes on")
                    signalled.signal()
                }
                signalled.wait()
            }
        },
        "immediate-task-in-catch": {
            start {
                let outcome = catchUnwind {
                    Task.immediate { panic("in an immediate task") }
                }
                say("caught the task's panic: \(outcome)")
            }
        },
    ]
}
