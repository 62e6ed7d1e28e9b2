import Foundation

/// Sends GET requests with curl, the HTTP client most deployments have:
/// one curl process per batch, its requests one after the other on one
/// keep-alive connection, each at most 10 seconds.
enum Curl {
    /// One response: the HTTP status (0 when curl got none) and the body.
    struct Response {
        let status: Int
        let body: String
    }

    /// Fetches `urls` in order; one `Response` per URL.
    static func get(_ urls: [String]) throws -> [Response] {
        let config = FileManager.default.temporaryDirectory
            .appendingPathComponent("curl-\(UUID().uuidString).conf")
        try urls.map { "url = \"\($0)\"\n" }.joined().write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Each body is followed by a tab, the status and a newline; the server's JSON has neither.
        process.arguments = ["curl", "--silent", "--max-time", "10", "--write-out", "\t%{http_code}\n", "--config", config.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        return String(decoding: data, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast()  // after the last newline
            .map { line in
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                return Response(status: Int(parts.last ?? "") ?? 0, body: parts.dropLast().joined(separator: "\t"))
            }
    }

    /// Fetches several batches at once, one curl process each; the responses in each batch's order.
    static func get(batches: [[String]]) throws -> [[Response]] {
        let results = ResultsBox(count: batches.count)
        DispatchQueue.concurrentPerform(iterations: batches.count) { index in
            results.set(index, Result { try get(batches[index]) })
        }
        return try results.all().map { try $0.get() }
    }
}

/// Results filled in by concurrent batches.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[Curl.Response], any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<[Curl.Response], any Error>) {
        lock.withLock { results[index] = result }
    }

    func all() -> [Result<[Curl.Response], any Error>] {
        lock.withLock { results.map { $0! } }
    }
}
