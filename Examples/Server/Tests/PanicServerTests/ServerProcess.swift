import Foundation

/// A PanicServer executable running as a child process on 127.0.0.1 with an
/// ephemeral port, its stdout and stderr going to files.
final class ServerProcess {
    let process = Process()
    let port: Int
    let announcement: String
    private let stdoutURL: URL
    private let stderrURL: URL

    /// Starts `executable` with `--port 0` and waits (up to `timeout`) for the
    /// line it prints once it listens. The Swift runtime's crash backtracer is
    /// left at its default (on), so a second crash report would show.
    init(executable: URL, timeout: Duration = .seconds(60)) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("panic-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        stdoutURL = folder.appendingPathComponent("stdout")
        stderrURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        process.executableURL = executable
        process.arguments = ["--host", "127.0.0.1", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = nil
        environment["PANIC_BACKTRACE"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()

        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var found: (line: String, port: Int)?
        while found == nil, process.isRunning, clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            found = Self.listeningLine(in: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "")
        }
        guard let found else {
            process.terminate()
            throw ServerDidNotStart(stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
        }
        port = found.port
        announcement = found.line
    }

    /// `listening on 127.0.0.1:PORT (panic strategy: …)`, and its port.
    private static func listeningLine(in text: String) -> (line: String, port: Int)? {
        for line in text.split(separator: "\n") where line.hasPrefix("listening on ") {
            let address = line.dropFirst("listening on ".count).prefix { $0 != " " }
            if let port = address.split(separator: ":").last.flatMap({ Int($0) }) {
                return (String(line), port)
            }
        }
        return nil
    }

    /// `http://127.0.0.1:PORT/path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    var isRunning: Bool { process.isRunning }

    /// The server's resident set size in KiB (`VmRSS` in /proc/PID/status), or nil once it is gone.
    var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }

    /// Everything the server wrote to stderr so far.
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Waits up to `timeout` for the process to end; true when it has.
    func waitForExit(timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning, clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        return !process.isRunning
    }

    /// Stops the server: SIGTERM (a graceful shutdown), then SIGKILL after 10 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        if !waitForExit(timeout: .seconds(10)) {
            kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(timeout: .seconds(5))
        }
    }

    deinit { stop() }
}

/// The server ended, or stayed silent, before printing its `listening on` line.
struct ServerDidNotStart: Error, CustomStringConvertible {
    let stderr: String
    var description: String { "the server did not start; stderr:\n\(stderr.prefix(4000))" }
}
