import Dispatch
import Glibc
import Panic
import PanicRuntime
import Synchronization

/// Writes a line straight to fd 1 (no stdio lock, no buffer).
func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

/// Runs `body` on a new thread and waits for it.
func onOtherThread(_ body: @escaping @Sendable () -> Void) {
    let handle = spawn(name: "other") { body() }
    _ = handle.join()
}

/// A value whose in-place update grows a buffer, then fails.
struct Session {
    var log: [Int] = []
    mutating func handle() {
        for index in 0..<10_000 { log.append(index) }
        let empty: [Int] = []
        log.append(empty[log.count])
    }
}

nonisolated(unsafe) var sessions = ["a": Session()]

final class Account: @unchecked Sendable { var entries = [1, 2, 3] }
let account = Account()

enum Config {
    /// A `static let` whose initializer panics.
    static let limit: Int = { panic("configuration missing") }()
}

/// A lazily initialized global whose initializer panics.
let threshold: Int = { panic("threshold missing") }()

/// Prints a `Loud` from inside its own `description`, catching that panic:
/// the outer `print` keeps stdout's lock, the inner one's hold is given back.
struct Nested: CustomStringConvertible {
    var description: String {
        let inner = catchUnwind { print("inner:", Loud()) }
        if case .failure = inner { return "inner caught" }
        return "inner not caught"
    }
}

struct Loud: CustomStringConvertible, CustomDebugStringConvertible {
    var description: String { panic("description failed") }
    var debugDescription: String { panic("debugDescription failed") }
}

let counter = PanicMutex(0)
let unsafeLock = Mutex(0)

@inline(never) func deep(_ depth: Int) -> Int {
    if depth == 0 { panic("deep failure") }
    return deep(depth - 1) + 1
}

@inline(never) func sink(_ value: Int) { if value == -1 { print(value) } }

@inline(never) func atDepth<T>(_ depth: Int, _ body: () -> T) -> T {
    if depth <= 1 { return body() }
    let result = atDepth(depth - 1, body)
    sink(depth)
    return result
}

/// Resident memory now, in KiB (/proc/self/statm).
func residentKiB() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 128)
    guard fgets(&line, 128, file) != nil else { return -1 }
    let fields = String(cString: line).split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

/// Holds `bytes` of heap (touched) in this frame, then panics.
@inline(never) func panicHolding(_ bytes: Int) {
    let held = [UInt8](repeating: 1, count: bytes)
    sink(held.count)
    panic("holding \(bytes) bytes")
}

/// The same, with the buffer released by an unwind cleanup.
@inline(never) func panicHoldingWithCleanup(_ bytes: Int) {
    var held: [UInt8]? = [UInt8](repeating: 1, count: bytes)
    sink(held!.count)
    withUnwindCleanup({ held = nil }) {
        panic("holding \(bytes) bytes")
    }
}

/// Catches `body`'s panic and says so, or says it was not caught.
func expectCaught(_ body: () -> Void) {
    switch catchUnwind(body) {
    case .success: say("not caught")
    case .failure(let panicked): say("caught: \(panicked.message ?? "?")")
    }
}

enum SurvivalCases {
    static let all: [String: @Sendable () -> Void] = [
        // A panic while Dictionary's _modify has the value moved out: the
        // value would be read back torn. State 2.
        "dictionary-modify": {
            quiet()
            expectCaught { sessions["a"]!.handle() }
            say("survived: log has \(sessions["a"]!.log.count) entries, first \(sessions["a"]!.log.first ?? -1)")
        },
        // The same inside catchUnwindAsync, after a suspension. State 2.
        "async-global-modify": {
            quiet()
            let done = DispatchSemaphore(value: 0)
            Task {
                let outcome = try await catchUnwindAsync { () async -> Int in
                    await Task.yield()
                    sessions["a"]!.handle()
                    return 0
                }
                if case .failure = outcome { say("caught") }
                say("survived: log has \(sessions["a"]!.log.count) entries")
                done.signal()
            }
            done.wait()
        },
        // Index out of range while modifying a class property. State 2.
        "class-property-modify": {
            quiet()
            expectCaught { account.entries[7] += 1 }
            say("survived: \(account.entries)")
        },
        // A static let's initializer panics: later accesses would hang. State 2.
        "static-initializer": {
            quiet()
            expectCaught { say("limit \(Config.limit)") }
            onOtherThread { say("limit from another thread \(Config.limit)") }
            say("survived")
        },
        // As under PanicTesting's expectPanic: the report is captured, not
        // printed; when the panic cannot be caught, it is printed before the note.
        "captured-report-uncatchable": {
            ReportCapture().capturing {
                expectCaught { say("limit \(Config.limit)") }
            }
            say("survived")
        },
        "global-initializer": {
            quiet()
            expectCaught { say("threshold \(threshold)") }
            onOtherThread { say("threshold from another thread \(threshold)") }
            say("survived")
        },
        // print holds stdout's lock while it calls description: given back. State 1.
        "print-description": {
            quiet()
            expectCaught { print("value:", Loud()) }
            onOtherThread { print("printed from another thread"); fflush(nil) }
            print("printed from the main thread")
            fflush(nil)
            say("survived: print")
        },
        "nested-print": {
            quiet()
            print("outer:", Nested())
            onOtherThread { print("printed from another thread"); fflush(nil) }
            fflush(nil)
            say("survived: nested print")
        },
        "debugprint-description": {
            quiet()
            expectCaught { debugPrint(Loud()) }
            onOtherThread { print("printed from another thread"); fflush(nil) }
            say("survived: debugPrint")
        },
        "dump-description": {
            quiet()
            expectCaught { dump(Loud()) }
            onOtherThread { print("printed from another thread"); fflush(nil) }
            say("survived: dump")
        },
        // A panic in concurrentPerform's iteration on the calling thread. State 2.
        "concurrent-perform": {
            quiet()
            let caller = pthread_self()
            expectCaught {
                // Workers sleep, so the calling thread is sure to run iterations too.
                DispatchQueue.concurrentPerform(iterations: 64) { index in
                    if pthread_equal(pthread_self(), caller) != 0 { panic("iteration \(index) failed") }
                    usleep(2000)
                }
            }
            DispatchQueue.concurrentPerform(iterations: 4) { _ in }
            say("survived: concurrentPerform")
        },
        // A panic inside q.sync. State 2.
        "queue-sync": {
            quiet()
            let queue = DispatchQueue(label: "survival")
            expectCaught { queue.sync { panic("inside sync") } }
            queue.sync { say("sync again") }
            say("survived: sync")
        },
        // A panic in dl_iterate_phdr's callback: the loader's lock stays held. State 2.
        "loader-lock": {
            quiet()
            typealias Callback = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32
            typealias Iterate = @convention(c) (Callback, UnsafeMutableRawPointer?) -> Int32
            let iterate = unsafeBitCast(dlsym(nil, "dl_iterate_phdr")!, to: Iterate.self)
            expectCaught { _ = iterate({ _, _, _ in panic("inside dl_iterate_phdr") }, nil) }
            _ = dlopen("libm.so.6", RTLD_NOW)
            say("survived: loader")
        },
        // PanicMutex: released and poisoned by the panic. State 1.
        "panic-mutex": {
            quiet()
            expectCaught {
                try! counter.withLock { value in
                    value = 41
                    panic("inside the lock")
                }
            }
            onOtherThread {
                do {
                    _ = try counter.withLock { $0 }
                    say("other thread: not poisoned")
                } catch {
                    say("other thread: \(error)")
                }
                let value = counter.withLockIgnoringPoison { $0 }
                say("other thread: value \(value)")
            }
            counter.clearPoison()
            let after = try! counter.withLock { value -> Int in value += 1; return value }
            // 42 when the body's write before the panic stayed; an optimized
            // build may drop a store right before a call that never returns.
            say("survived: poisoned was cleared, value \(after)")
        },
        // Synchronization.Mutex: a panic in its body leaves it locked; nothing
        // can see it. Shown without waiting: another thread's try fails.
        "synchronization-mutex": {
            quiet()
            expectCaught { unsafeLock.withLock { (_: inout Int) -> Void in panic("inside Mutex.withLock") } }
            onOtherThread {
                let got = unsafeLock.withLockIfAvailable { _ in true } ?? false
                say("other thread could lock: \(got)")
            }
            say("survived: Mutex left locked")
        },
        // The benchmark's round trip (Benchmarks/PanicMicro): a generic
        // closure ten calls deep. State 1, a thousand times.
        "round-trip": {
            quiet()
            var caught = 0
            let rounds = Int(getenv("ROUNDS").map { String(cString: $0) } ?? "") ?? 1000
            for _ in 0..<rounds {
                if case .failure = catchUnwind({ atDepth(10) { () -> Int in panic("round trip") } }) { caught += 1 }
            }
            say("survived: caught \(caught)")
        },
        // What a caught panic leaks, by what the skipped frames held: one
        // line per size, `held <bytes> panics <n> leaked-per-panic <bytes>`.
        "leak-table": {
            quiet()
            for (bytes, panics) in [(0, 20_000), (1024, 20_000), (65_536, 2_000), (1_048_576, 100)] {
                for (label, body) in [("plain", panicHolding), ("cleanup", panicHoldingWithCleanup)] as [(String, (Int) -> Void)] {
                    _ = catchUnwind { body(bytes) }
                    let before = residentKiB()
                    for _ in 0..<panics { _ = catchUnwind { body(bytes) } }
                    let grown = (residentKiB() - before) * 1024
                    say("\(label) held \(bytes) panics \(panics) leaked-per-panic \(grown / panics)")
                }
            }
            say("survived: leak table")
        },
        // No hazard among the skipped frames. State 1, a thousand times.
        "no-hazard": {
            quiet()
            var caught = 0
            // Shallow, and deep enough that the exact walk gives up (512 frames).
            for round in 0..<1000 {
                let depth = round % 10 == 0 ? 3000 : 20
                if case .failure = catchUnwind({ deep(depth) }) { caught += 1 }
            }
            say("survived: caught \(caught)")
        },
    ]
}

/// Silences the reports of the panics a case catches, unless SURVIVAL_REPORTS is set (to read them).
func quiet() {
    if getenv("SURVIVAL_REPORTS") == nil { setHook { _ in } }
}
