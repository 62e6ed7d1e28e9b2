// Another tool's SIGILL handler beside ours (issue 24): a crash reporter
// that records the signal, then calls the handler it replaced. Run by
// Tests/ProcessTests/AnotherToolTests.swift.
import Glibc
import PanicRuntime

/// The handler the tool replaced.
nonisolated(unsafe) private var replacedByTool = sigaction()

/// The tool's handler: says so on stdout (with `write`), then calls the handler it replaced.
private let chainingTool: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { signal, info, raw in
    let line: StaticString = "the tool saw SIGILL\n"
    _ = write(1, line.utf8Start, line.utf8CodeUnitCount)
    if replacedByTool.sa_flags & SA_SIGINFO != 0 {
        replacedByTool.__sigaction_handler.sa_sigaction?(signal, info, raw)
    } else if let handler = replacedByTool.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) > 1 {
        handler(signal)
    } else {
        // The default: put it back; the trap runs again under it.
        sigaction(SIGILL, &replacedByTool, nil)
    }
}

/// Installs the tool's handler over whatever is there.
private func installTool() {
    var action = sigaction()
    action.__sigaction_handler = .init(sa_sigaction: chainingTool)
    action.sa_flags = SA_SIGINFO
    sigemptyset(&action.sa_mask)
    sigaction(SIGILL, &action, &replacedByTool)
}

enum AnotherToolScenarios {
    static let all: [String: @Sendable () -> Void] = [
        // The tool over ours hands the panic's trap back to ours: 101, as before.
        "tool-over-ours-panic": {
            TrapInterception.enable()
            installTool()
            panic("nothing catches this")
        },
        // A trap goes to the tool, back to ours, becomes a panic, whose trap goes the same way: 101.
        "tool-over-ours-trap": {
            TrapInterception.enable()
            installTool()
            let numbers = [1]
            say("value \(numbers[CommandLine.arguments.count])")
        },
        // A tool there before ours (a crash reporter) is handed the uncaught
        // panic as a trap, as it would be handed fatalError's: it reports,
        // then the Swift runtime's handler ends the process (SIGILL).
        "tool-under-ours-panic": {
            installTool()
            TrapInterception.enable()
            panic("nothing catches this")
        },
    ]
}
