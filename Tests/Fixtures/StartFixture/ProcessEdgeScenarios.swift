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

/// The stack address of a local of the caller's frame (roughly its stack pointer).
@inline(never)
func stackAddress() -> UInt {
    var marker = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

/// Stack addresses of the first levels of ``nestCatch(_:)``.
nonisolated(unsafe) var levelAddresses: [UInt] = []

@inline(never)
func recordLevel() {
    if levelAddresses.count < 2 { levelAddresses.append(stackAddress()) }
}

/// Nests `catchUnwind` `depth` deep, as plainly as a program would, and
/// panics at the bottom; true when the panic came back to the top level.
@inline(never)
func nestCatch(_ depth: Int) -> Bool {
    if depth == 0 { panic("at the bottom") }
    recordLevel()
    switch catchUnwind({ nestCatch(depth - 1) }) {
    case .success(let value): return value
    case .failure: return true
    }
}

/// A value whose type is hidden from the optimizer.
@inline(never)
func opaqueValue() -> Any { getpid() > 0 ? 42 as Any : "text" as Any }

final class Owner {
    var count = 0
}

final class Borrower {
    unowned let owner: Owner
    init(_ owner: Owner) { self.owner = owner }
}

/// An `unowned` reference to an object that is gone.
@inline(never)
func danglingBorrower() -> Borrower {
    var owner: Owner? = Owner()
    let borrower = Borrower(owner!)
    owner = nil
    _ = owner
    return borrower
}

final class Counter { var value = 0 }
nonisolated(unsafe) let sharedCounter = Counter()

@inline(never)
func modifyTwice(_ first: inout Int, _ body: () -> Void) {
    first += 1
    body()
}

/// The runtime failures that end in `abort()`, by name.
let runtimeFailures: [String: @Sendable () -> Void] = [
    "cast": { say("cast \(opaqueValue() as! String)") },
    "unowned": { say("owner count \(danglingBorrower().owner.count)") },
    "exclusivity": { modifyTwice(&sharedCounter.value) { sharedCounter.value += 1 } },
]

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
                // Under PanicAbort a panic would end the process: write to fd 2 instead.
                if panicStrategy == .unwind { _ = catchUnwind { panic("a report for stderr") } } else { complain("a report for stderr") }
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
        // catchUnwind nested NEST_DEPTH deep (10,000 by default) on the main thread.
        "nested-catch": {
            start {
                let depth = getenv("NEST_DEPTH").flatMap { Int(String(cString: $0)) } ?? 10_000
                let caught = nestCatch(depth)
                say("caught \(caught)")
                if levelAddresses.count == 2 { say("bytes per level \(levelAddresses[0] - levelAddresses[1])") }
            }
        },
        // FAILURE (cast, unowned, exclusivity) inside catchUnwind, twice, then
        // once more without catchUnwind.
        "runtime-failure": {
            start {
                let failure = runtimeFailures[String(cString: getenv("FAILURE"))]!
                for attempt in 1...2 {
                    switch catchUnwind(failure) {
                    case .success: say("attempt \(attempt): no failure")
                    case .failure(let caught): say("attempt \(attempt): caught \(caught.message ?? "?") at \(caught.location.file)")
                    }
                }
                failure()
                say("not reached")
            }
        },
        // A plain abort() inside catchUnwind, after a caught cast failure: not a panic.
        "plain-abort-in-catch": {
            start {
                _ = catchUnwind { runtimeFailures["cast"]!() }
                _ = catchUnwind { abort() }
                say("not reached")
            }
        },
        "print-then-overflow": { start { printThen { say("depth \(overflowStack(0))") } } },
    ]
}
