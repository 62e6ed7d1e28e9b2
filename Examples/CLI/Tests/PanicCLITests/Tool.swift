import Foundation

/// The `panic-cli` executable built beside this test bundle, run as a child
/// process with the tests' environment less `SWIFT_BACKTRACE` and
/// `PANIC_BACKTRACE` (so the Swift runtime's crash backtracer is at its
/// default, on, and would show a second report).
enum Tool {
    struct Outcome: CustomStringConvertible {
        /// The exit status, when the process exited.
        let status: Int32?
        /// The signal that ended the process, when one did.
        let signal: Int32?
        let stdout: String
        let stderr: String

        var description: String {
            "status \(status.map(String.init) ?? "-") signal \(signal.map(String.init) ?? "-")\n--- stdout\n\(stdout.prefix(2000))\n--- stderr\n\(stderr.prefix(4000))"
        }

        /// How many panic reports stderr holds.
        var reportCount: Int { stderr.components(separatedBy: ") panicked at ").count - 1 }
    }

    static let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .appendingPathComponent("panic-cli")

    /// Runs `panic-cli arguments…`.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        try launch(executable, arguments, environment: environment)
    }

    /// Runs a bash command line in which `$TOOL` is the tool (for pipes).
    static func shell(_ command: String, environment: [String: String] = [:]) throws -> Outcome {
        var environment = environment
        environment["TOOL"] = executable.path
        return try launch(URL(fileURLWithPath: "/bin/bash"), ["-c", command], environment: environment)
    }

    private static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = nil
        env["PANIC_BACKTRACE"] = nil
        env["PANIC_CLI_SIGPIPE"] = nil
        env["NO_COLOR"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read stderr on another thread, so that neither pipe can fill up and block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let exited = process.terminationReason == .exit
        return Outcome(
            status: exited ? process.terminationStatus : nil,
            signal: exited ? nil : process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}
