// Scenarios for the process edges of issue 13: closed standard fds, SIGPIPE
// in children and on stdout, stdout kept when a panic aborts.
import Glibc
import PanicRuntime

/// Runs `command` with `/bin/sh -c` in a child process and waits for it.
func runShell(_ command: String) -> Int32 {
    var child: pid_t = 0
    let arguments = ["/bin/sh", "-c", command]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawn(&child, "/bin/sh", nil, nil, &argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    return status
}

/// Where fd `descriptor` leads (`/proc/self/fd`), or `closed`.
func target(of descriptor: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    let length = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
    return length < 0 ? "closed" : String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Prints through stdio (buffered when stdout is not a terminal), then `fail`s.
func printThen(_ fail: () -> Void) {
    print("printed before the end")
    fail()
}

enum ProcessEdgeScenarios {
    static let all: [String: @Sendable () -> Void] = [
        // Run with fds 0 and 2 closed: the program's file must not become
        // fd 2, and a panic report must not land in it.
        "closed-standard-fds": {
            start {
                let path = "/tmp/swift-panic-closed-fds-\(getpid())"
                let file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
                unlink(path)
                say("file fd \(file)")
                say("fd 0 \(target(of: 0)), fd 2 \(target(of: 2))")
                _ = catchUnwind { panic("a report for stderr") }
                say("the file holds \(lseek(file, 0, SEEK_END)) bytes")
            }
        },
        // A child shell pipeline: `yes` must die of SIGPIPE quietly.
        "child-pipeline": {
            start {
                let status = runShell("yes | head -1")
                say("child status \(status)")
            }
        },
        // Prints forever: only a broken stdout can end it.
        "endless-print": {
            start {
                var count = 0
                while true {
                    print("line \(count)")
                    count += 1
                }
            }
        },
        // Prints a bounded amount (the test closes stdout's reader).
        "bounded-print": {
            start {
                for index in 0..<20_000 { print("line \(index) of a bounded output") }
            }
        },
        // A panic after print, stdout a pipe, nothing caught: 101 and the line.
        "print-then-panic": { start { printThen { panic("main gave up") } } },
        // The same with a broken stdout: still 101.
        "print-then-panic-broken-stdout": {
            start { printThen { panic("main gave up") } }
        },
        "print-then-trap": {
            start {
                printThen {
                    let values = [1, 2, 3]
                    say("\(values[values.count + Int(getpid() & 0)])")
                }
            }
        },
        "print-then-thread-panic": {
            start { printThen { _ = spawn(name: "worker") { panic("worker gave up") }.join() } }
        },
        "print-then-hook-panic": {
            start {
                setHook { _ in panic("the hook panicked") }
                printThen { panic("first") }
            }
        },
        "print-then-cleanup-panic": {
            start {
                printThen { withUnwindCleanup({ panic("the cleanup panicked") }) { () -> Void in panic("first") } }
            }
        },
        // A panic in a cleanup while a panic passes, seen by a hook.
        "cleanup-panic-hook": {
            start {
                setHook { info in say("hook: \(info.message ?? "?"), canUnwind \(info.canUnwind), count \(panicCount)") }
                _ = catchUnwind { withUnwindCleanup({ panic("the cleanup panicked") }) { () -> Void in panic("first") } }
                say("not reached")
            }
        },
        // The same with the default hook.
        "cleanup-panic-default-hook": {
            start {
                _ = catchUnwind { withUnwindCleanup({ panic("the cleanup panicked") }) { () -> Void in panic("first") } }
                say("not reached")
            }
        },
        "print-then-overflow": { start { printThen { say("depth \(overflowStack(0))") } } },
    ]
}
