// Scenarios of the async `start`, PanicMain with an async run(), and the
// limits of catchUnwindAsync that end the process.
import Glibc
import PanicRuntime

enum AsyncVoidMain: PanicMain {
    static func run() async throws {
        await Task.yield()
        say("AsyncVoidMain ran on the main thread: \(onMainThread())")
    }
}

enum AsyncExitCodeMain: PanicMain {
    static func run() async throws -> ExitCode {
        try await Task.sleep(for: .milliseconds(1))
        return ExitCode(6 as UInt8)
    }
}

enum AsyncPanickingMain: PanicMain {
    static func run() async throws {
        try await Task.sleep(for: .milliseconds(1))
        panic("async run gave up")
    }
}

actor Ledger {
    var entries = 0
    func failingEntry() -> Int {
        entries += 1
        panic("panic on an actor")
    }
}

/// A process that hangs is killed by SIGALRM after 20 s (the tests expect an exit status).
func watchdog() { alarm(20) }

enum AsyncStartScenarios {
    static let all: [String: @Sendable () -> Void] = [
        "async-void": {
            watchdog()
            start {
                await Task.yield()
                print("async main ran on the main thread: \(onMainThread())")
            }
        },
        "async-int32": {
            watchdog()
            start { () async -> Int32 in
                await Task.yield()
                return 7
            }
        },
        "async-termination": {
            watchdog()
            start { () async -> Verdict in
                try? await Task.sleep(for: .milliseconds(1))
                return .rejected
            }
        },
        "async-throws": {
            watchdog()
            start {
                await Task.yield()
                throw DiskFull(path: "/async")
            }
        },
        "async-panics": {
            watchdog()
            start {
                atExit { say("cleanup ran") }
                print("buffered before the panic")
                try await Task.sleep(for: .milliseconds(1))
                panic("async main gave up")
            }
        },
        "async-trap": {
            watchdog()
            start {
                await Task.yield()
                let numbers = [1, 2, 3]
                say("element \(numbers[numbers.count + 2])")
            }
        },
        "async-overflow": {
            watchdog()
            start {
                await Task.yield()
                say("depth \(overflowStack(0))")
            }
        },
        "async-sigpipe": {
            watchdog()
            start {
                await Task.yield()
                writeToClosedPipe()
            }
        },
        "async-task-panics": {
            watchdog()
            start {
                atExit { say("cleanup ran") }
                Task.detached { panic("in a detached task") }
                try await Task.sleep(for: .seconds(30))
                say("not reached")
            }
        },
        "async-panic-main-void": { AsyncVoidMain.main() },
        "async-panic-main-exit-code": { AsyncExitCodeMain.main() },
        "async-panic-main-panics": { AsyncPanickingMain.main() },

        // catchUnwindAsync in an async main.
        "catch-async": {
            watchdog()
            start {
                let outcome = try await catchUnwindAsync { () async -> Int in
                    try? await Task.sleep(for: .milliseconds(1))
                    panic("caught after a sleep")
                }
                say("caught: \(outcome.failure?.message ?? "nothing")")
            }
        },
        "catch-async-on-actor": {
            watchdog()
            start {
                let ledger = Ledger()
                let outcome = try await catchUnwindAsync { await ledger.failingEntry() }
                say("not reached: \(outcome)")
            }
        },
        "catch-async-task-inside": {
            watchdog()
            start {
                let outcome = try await catchUnwindAsync { () async throws -> Int in
                    Task { panic("in a Task made by the body") }
                    try await Task.sleep(for: .seconds(30))
                    return 0
                }
                say("not reached: \(outcome)")
            }
        },
        "catch-async-other-preference": {
            watchdog()
            start {
                let outcome = try await catchUnwindAsync { () async -> Int in
                    await withTaskExecutorPreference(globalConcurrentExecutor) {
                        await Task.yield()
                        panic("under another executor preference")
                    }
                }
                say("not reached: \(outcome)")
            }
        },
        "catch-async-main-actor": {
            watchdog()
            start {
                let outcome = try await catchUnwindAsync { () async -> Int in
                    await MainActor.run { () -> Int in panic("on the main actor") }
                }
                say("not reached: \(outcome)")
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

/// True on the process's main thread: /proc/thread-self is `<pid>/task/<tid>`, equal ids.
func onMainThread() -> Bool {
    var buffer = [CChar](repeating: 0, count: 64)
    let length = readlink("/proc/thread-self", &buffer, 63)
    guard length > 0 else { return false }
    let parts = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: "/")
    return parts.count == 3 && parts[0] == parts[2]
}
