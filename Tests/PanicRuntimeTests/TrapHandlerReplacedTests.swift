import Glibc
import PanicRuntime
import Synchronization
import Testing

#if !PanicAbort

/// The handler another tool's SIGILL handler replaced (ours), and the thread
/// whose traps that tool takes (as Nimble's throwAssertion takes its block's).
nonisolated(unsafe) private var replacedByTool = sigaction()
private let toolsThread = Atomic<UInt>(0)
private let toolCalls = Atomic<Int>(0)
nonisolated(unsafe) private var toolsBody: () -> Void = {}

/// Ends the tool's thread with a marker, as Nimble's `pthread_exit(1)` does.
private let endToolsThread: @convention(c) () -> Void = { pthread_exit(UnsafeMutableRawPointer(bitPattern: 1)) }

/// Another tool's handler: ends `toolsThread` when it traps; for any other
/// thread (the tests running meanwhile) calls the handler it replaced.
private let toolHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { signal, info, raw in
    toolCalls.add(1, ordering: .relaxed)
    if toolsThread.load(ordering: .acquiring) == pthread_self(), let context = raw?.assumingMemoryBound(to: ucontext_t.self) {
        // "Call" endToolsThread, with a return address that is readable but
        // no code (as Nimble does): the unwind of pthread_exit stops there.
        context.pointee.uc_mcontext.gregs.15 -= 8  // REG_RSP
        let stackPointer = context.pointee.uc_mcontext.gregs.15
        UnsafeMutablePointer<Int64>(bitPattern: Int(stackPointer))?.pointee = stackPointer
        context.pointee.uc_mcontext.gregs.16 = Int64(Int(bitPattern: unsafeBitCast(endToolsThread, to: UnsafeRawPointer.self)))  // REG_RIP
        return
    }
    replacedByTool.__sigaction_handler.sa_sigaction?(signal, info, raw)
}

/// Installs the tool's handler for SIGILL over whatever is there, saving it.
private func installToolsHandler() -> Bool {
    var action = sigaction()
    action.__sigaction_handler = .init(sa_sigaction: toolHandler)
    action.sa_flags = SA_SIGINFO | SA_ONSTACK
    sigemptyset(&action.sa_mask)
    return sigaction(SIGILL, &action, &replacedByTool) == 0
}

/// Runs `body` as the tool's thread (a new thread with no catch frame);
/// true when the tool's handler ended it.
private func onToolsThread(_ body: @escaping () -> Void) -> Bool {
    toolsBody = body
    var thread = pthread_t()
    guard pthread_create(&thread, nil, { _ in
        toolsThread.store(pthread_self(), ordering: .releasing)
        toolsBody()
        return nil
    }, nil) == 0 else { return false }
    var ended: UnsafeMutableRawPointer?
    pthread_join(thread, &ended)
    toolsThread.store(0, ordering: .releasing)
    return Int(bitPattern: ended) == 1
}

// In the serialized suite: signal handlers and hooks are process-wide.
extension CatchUnwindTests {
    @Test("isEnabled is false while another handler is installed over ours; enable() goes over it")
    func enableAfterAnotherHandler() throws {
        #expect(TrapInterception.enable())
        #expect(TrapInterception.isEnabled)
        try #require(installToolsHandler())
        #expect(!TrapInterception.isEnabled)
        // A trap still lands: the tool calls ours.
        let calls = toolCalls.load(ordering: .relaxed)
        let throughTool = catchUnwind { element([1], 1) }
        #expect(throughTool.failure?.message == "Fatal error: Index out of range")
        #expect(toolCalls.load(ordering: .relaxed) > calls)
        // Ours again, over the tool's.
        #expect(TrapInterception.enable())
        #expect(TrapInterception.isEnabled)
        let direct = catchUnwind { element([1], 1) }
        #expect(direct.failure != nil)
        // The tool puts back what it saved (ours): still ours, and traps land.
        #expect(sigaction(SIGILL, &replacedByTool, nil) == 0)
        #expect(TrapInterception.isEnabled)
        let after = catchUnwind { element([1], 1) }
        #expect(after.failure != nil)
    }

    @Test("traps and panics with no catch frame go to the tool whose handler was there before ours")
    func handedToTheToolBelow() throws {
        #expect(TrapInterception.enable())
        try #require(installToolsHandler())
        #expect(TrapInterception.enable())  // ours over the tool's, as inside Nimble's window
        defer { _ = sigaction(SIGILL, &replacedByTool, nil) }
        try withRecordingHook { log in
            #expect(onToolsThread { _ = element([1], 1) })
            #expect(onToolsThread { panic("handed on") })
            #expect(log.count == 1)  // the trap is the tool's: no report; the panic ran the hook
            #expect(globalPanicCount == 0)
            // Threads with a catch frame still catch theirs.
            let caught = catchUnwind { element([1], 1) }
            #expect(caught.failure != nil)
        }
    }

    @Test("a panic with no catch frame goes to the tool whose handler is over ours")
    func panicHandedToTheToolAbove() throws {
        #expect(TrapInterception.enable())
        try #require(installToolsHandler())
        defer { _ = sigaction(SIGILL, &replacedByTool, nil) }
        #expect(!TrapInterception.isEnabled)
        try withRecordingHook { log in
            #expect(onToolsThread { fatal("seen as a trap") })
            #expect(log.count == 1)
            #expect(globalPanicCount == 0)
        }
    }
}

#endif
