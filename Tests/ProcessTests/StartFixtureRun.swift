import Foundation

extension Fixture {
    /// Runs `scenario` of the StartFixture executable.
    static func start(_ scenario: String) throws -> Outcome {
        try run(scenario, executable: "StartFixture")
    }

    /// Runs `scenario` of StartFixture with its stdout a pipe whose read end
    /// is already closed (as `program | head -c0` would leave it), and
    /// stderr captured. The outcome's stdout is empty.
    static func startWithStdoutClosed(_ scenario: String) throws -> Outcome {
        let process = Process()
        process.executableURL = executable("StartFixture")
        process.arguments = [scenario]
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = nil
        env["PANIC_BACKTRACE"] = nil
        process.environment = env
        let out = Pipe(), err = Pipe()
        try out.fileHandleForReading.close()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try out.fileHandleForWriting.close()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let exited = process.terminationReason == .exit
        return Outcome(
            exitStatus: exited ? process.terminationStatus : nil,
            signal: exited ? nil : process.terminationStatus,
            stdout: "",
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}

/// stderr's lines with the thread id of `thread '…' (<tid>)` lines replaced
/// by `TID`, for panic and stack overflow reports alike.
func normalisedLines(_ stderr: String) -> [String] {
    stderr.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        var line = String(line)
        if line.hasPrefix("thread '"), let open = line.range(of: "' ("),
           let close = line.range(of: ") ", range: open.upperBound..<line.endIndex) {
            line.replaceSubrange(open.upperBound..<close.lowerBound, with: "TID")
        }
        return line
    }
}

/// The exact stderr of a stack overflow on the thread `name`, thread id normalised.
func overflowReport(thread name: String) -> [String] {
    ["", "thread '\(name)' (TID) has overflowed its stack", "fatal runtime error: stack overflow, aborting", ""]
}
