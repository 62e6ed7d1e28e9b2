import Dispatch
import Glibc
import Testing
import PanicRuntime

/// The address of a local variable of the calling frame: somewhere in the
/// calling thread's stack.
@inline(never)
func addressInThisStack() -> UInt {
    var local = 0
    return withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
}

@Suite("spawn")
struct SpawnTests {
    @Test("join returns the body's value; a second join returns it again")
    func value() throws {
        let handle = spawn { 6 * 7 }
        #expect(try handle.join().get() == 42)
        #expect(try handle.join().get() == 42)
        #expect(handle.isFinished)
    }

    @Test("joins from several threads at once all get the outcome")
    func concurrentJoins() throws {
        let worker = spawn { () -> String in
            usleep(20_000)
            return "done"
        }
        let joiners = (0..<4).map { _ in spawn { try? worker.join().get() } }
        for joiner in joiners {
            #expect(try joiner.join().get() == "done")
        }
    }

    @Test("a handle dropped without join detaches the thread, which runs to the end")
    func detached() {
        let done = DispatchSemaphore(value: 0)
        do {
            _ = spawn { done.signal() }
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
    }

    @Test("the name is recorded in full for reports and set, truncated, for the OS")
    func names() throws {
        let handle = spawn(name: "a-rather-long-worker-name") {
            (ThreadIdentity.currentName, OSThreadName.current)
        }
        let (reported, os) = try handle.join().get()
        #expect(reported == "a-rather-long-worker-name")
        #expect(os == "a-rather-long-w")
        #expect(handle.name == "a-rather-long-worker-name")

        let accented = try spawn(name: "ééééééééé") { OSThreadName.current }.join().get()
        #expect(accented == "ééééééé")
    }

    @Test("an unnamed spawned thread has no name in reports (<unnamed>) and the program's OS name, not its creator's")
    func unnamed() throws {
        let (reported, os) = try spawn(name: "creator") {
            try! spawn { (ThreadIdentity.currentName, OSThreadName.current) }.join().get()
        }.join().get()
        #expect(reported == nil)
        let program = String(CommandLine.arguments[0].split(separator: "/").last ?? "")
        #expect(os == String(decoding: program.utf8.prefix(15), as: UTF8.self))
    }

    @Test("OS names are cut to 15 bytes, never inside a character, and at a NUL")
    func truncation() {
        #expect(OSThreadName.truncated("") == "")
        #expect(OSThreadName.truncated("worker") == "worker")
        #expect(OSThreadName.truncated("exactly-15-byte") == "exactly-15-byte")
        #expect(OSThreadName.truncated("sixteen-bytes-xx") == "sixteen-bytes-x")
        #expect(OSThreadName.truncated("abcdefghijklm😀z") == "abcdefghijklm")  // 13 + 4 bytes
        #expect(OSThreadName.truncated("abcdefghijk😀z") == "abcdefghijk😀")      // 11 + 4 bytes: fits
        #expect(OSThreadName.truncated("cut\u{0}here") == "cut")
    }

    @Test("a spawned thread has an alternate signal stack and a guard range just below its stack")
    func overflowPreparation() throws {
        let stackSize = 1 << 20
        let (hasAltStack, range, address) = try spawn(stackSize: stackSize) {
            (StackOverflowReporting.hasAlternateStack, StackOverflowReporting.guardRange, addressInThisStack())
        }.join().get()
        #expect(hasAltStack)
        let guardRange = try #require(range)
        #expect(guardRange.count == 2 * SpawnedThread.guardSize)
        // The stack starts in the middle of the range and ends stackSize above it.
        let stackBottom = guardRange.lowerBound + UInt(SpawnedThread.guardSize)
        #expect(address > guardRange.upperBound)
        #expect(address < stackBottom + UInt(stackSize))
    }

    @Test("a thread spawn did not make has neither (control)")
    func plainThread() {
        let (hasAltStack, range) = onNewThread {
            (StackOverflowReporting.hasAlternateStack, StackOverflowReporting.guardRange)
        }
        #expect(!hasAltStack)
        #expect(range == nil)
    }
}

@Suite("ExitCode and start's pieces")
struct ExitCodeTests {
    @Test("success is 0, failure 1; UInt8 and Int32 values are kept; report() is the code")
    func values() {
        #expect(ExitCode.success.rawValue == 0)
        #expect(ExitCode.failure.rawValue == 1)
        #expect(ExitCode(200 as UInt8).rawValue == 200)
        #expect(ExitCode(-1 as Int32).rawValue == -1)
        #expect(ExitCode(3 as UInt8).report() == ExitCode(3 as UInt8))
        #expect(ExitCode(3 as UInt8).description == "3")
    }

    @Test("the thrown-error line: `Error: ` and the description, control characters inert")
    func errorReport() {
        struct Failure: Error, CustomStringConvertible {
            var description: String { "bad\u{1B}[2Jthing" }
        }
        #expect(ProgramStart.errorReport(Failure()) == "Error: bad\\u{1B}[2Jthing\n")
    }

    @Test("run returns main's status without exiting")
    func runStatus() {
        #expect(ProgramStart.run { ExitCode(7 as UInt8) } == 7)
        #expect(ProgramStart.run { ExitCode.success } == 0)
    }
}

#if !PanicAbort
extension CatchUnwindTests {
    @Test("a panic in a spawned thread: the hook sees its name; join returns the panic")
    func spawnedPanic() throws {
        try withRecordingHook { log throws in
            let line: UInt = #line + 1
            let handle = spawn(name: "worker") { () -> Int in panic("worker failed") }
            let caught = try #require(handle.join().failure)
            #expect(caught.message == "worker failed")
            #expect(caught.location.line == line)
            let entries = log.entries.withLock { $0 }
            #expect(entries.count == 1)
            #expect(entries.first?.threadName == "worker")
            #expect(entries.first?.canUnwind == true)
            #expect(entries.first?.isPanicking == true)
            // globalPanicCount is process-wide, and other suites panic in parallel (expectPanic): the load child checks it
            #expect(handle.join().failure?.message == "worker failed")
        }
    }

    @Test("an unnamed spawned thread's panic is reported as <unnamed> (no name)")
    func unnamedSpawnedPanic() throws {
        try withRecordingHook { log throws in
            _ = spawn { panic("anonymous") }.join()
            #expect(log.entries.withLock { $0.first?.threadName } == .some(nil))
        }
    }

    @Test("start's run: a panic in main is status 101, after one hook call")
    func runPanics() throws {
        try withRecordingHook { log throws in
            #expect(ProgramStart.run { () -> ExitCode in panic("main failed") } == 101)
            #expect(log.count == 1)
            #expect(panicCount == 0)
        }
    }
}
#endif
