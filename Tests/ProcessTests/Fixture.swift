import Foundation

/// The fixture executable (Tests/Fixtures/PanicFixture), built beside the
/// test bundle, run as a child process.
enum Fixture {
    struct Outcome: CustomStringConvertible {
        /// The exit status, when the child exited.
        let exitStatus: Int32?
        /// The signal that ended the child, when one did.
        let signal: Int32?
        let stdout: String
        let stderr: String
        /// True when the child was killed for running past its time limit.
        var timedOut = false

        var description: String {
            "exit \(exitStatus.map(String.init) ?? "-") signal \(signal.map(String.init) ?? "-")\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)\n--- stderr\n\(stderr.prefix(4000))"
        }

        var lastStdoutLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
        var lastStderrLine: String { stderr.split(separator: "\n").last.map(String.init) ?? "" }

        /// How many panic reports stderr holds.
        var reportCount: Int { stderr.components(separatedBy: ") panicked at ").count - 1 }
    }

    /// A fixture executable (`PanicFixture`, `StartFixture`) built beside the test bundle.
    static func executable(_ name: String) -> URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .appendingPathComponent(name)
    }

    /// Runs `scenario` of the fixture `executable` with the environment of the tests, less every
    /// `SWIFT_BACKTRACE`/`PANIC_BACKTRACE` setting, plus `environment`:
    /// so the Swift runtime's crash backtracer is at its default (on).
    /// `executablePath` runs another copy of the fixture (a stripped one, say).
    static func run(
        _ scenario: String, executable: String = "PanicFixture", executablePath: String? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        try launch(executablePath.map(URL.init(fileURLWithPath:)) ?? Fixture.executable(executable), arguments: [scenario], environment: environment)
    }

    /// Runs `executable` with `arguments`, the environment of the tests less
    /// every `SWIFT_BACKTRACE`/`PANIC_BACKTRACE`/`NO_COLOR` setting, plus
    /// `environment`, and stdin from /dev/null; collects both pipes. With a
    /// `timeout` (seconds), a child still running then is killed (SIGKILL)
    /// and the outcome says it timed out.
    static func launch(_ executable: URL, arguments: [String], environment: [String: String] = [:], timeout: Double? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = nil
        env["PANIC_BACKTRACE"] = nil
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Read both pipes to the end before waiting, so a large report cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        var timedOut = false
        if let timeout, exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
        }
        group.wait()
        process.waitUntilExit()
        let normal = process.terminationReason == .exit
        return Outcome(
            exitStatus: normal ? process.terminationStatus : nil,
            signal: normal ? nil : process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            timedOut: timedOut
        )
    }
}
