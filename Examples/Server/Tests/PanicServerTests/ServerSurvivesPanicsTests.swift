import Foundation
import Testing

/// The unwind build: handlers that panic or trap answer 500, and the server goes on.
@Suite(.serialized)
struct ServerSurvivesPanicsTests {
    /// The i-th request of the run: every tenth one hits a bug (index out of
    /// range, nil unwrap, an explicit panic, in turn); the others succeed.
    static func request(_ i: Int) -> (path: String, panics: Bool) {
        if i % 10 == 9 {
            switch (i / 10) % 3 {
            case 0: return ("/items/\(3 + i)", true)
            case 1: return ("/stock/milk", true)
            default: return ("/order/cocoa/\(9 + i)", true)
            }
        }
        let healthy = ["/items/\(i % 3)", "/stock/tea", "/order/tea/1", "/health"]
        return (healthy[i % healthy.count], false)
    }

    /// What each kind of bug answers: the message, and where in Shop.swift.
    static func expectedMessage(_ path: String) -> String {
        if path.hasPrefix("/items/") { return "Index out of range" }
        if path.hasPrefix("/stock/") { return "Unexpectedly found nil while unwrapping an Optional value" }
        return "cannot order"
    }

    @Test func thousandRequestsEveryTenthPanicking() throws {
        let server = try ServerProcess(executable: ServerBinaries.unwind)
        defer { server.stop() }
        #expect(server.announcement.hasSuffix("(panic strategy: unwind)"))

        let count = 1000, clients = 4
        let requests = (0..<count).map(Self.request)
        // Four clients at once, each with a contiguous quarter of the requests.
        let batches = stride(from: 0, to: count, by: count / clients).map { start in
            requests[start..<(start + count / clients)].map { server.url($0.path) }
        }
        let responses = try Curl.get(batches: batches).flatMap { $0 }
        try #require(responses.count == count, "curl answered \(responses.count) of \(count) requests")

        var ok = 0, failed = 0
        for (request, response) in zip(requests, responses) {
            if request.panics {
                #expect(response.status == 500, "\(request.path): \(response.status) \(response.body)")
                let reply = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: String]
                #expect(reply?["error"] == "panic", "\(request.path): \(response.body)")
                let message = reply?["message"] ?? ""
                // Traps included: threads trapping at once each claim their own report
                // from the Swift runtime's one process-wide fatal-error record.
                #expect(message.contains(Self.expectedMessage(request.path)), "\(request.path): \(response.body)")
                #expect(reply?["location"]?.hasPrefix("PanicServer/Shop.swift:") == true, "\(request.path): \(response.body)")
                if response.status == 500 { failed += 1 }
            } else {
                #expect(response.status == 200, "\(request.path): \(response.status) \(response.body)")
                if response.status == 200 { ok += 1 }
            }
        }
        #expect(ok == 900)
        #expect(failed == 100)

        // Still alive, still serving.
        #expect(server.isRunning)
        #expect(try Curl.get([server.url("/health")]).first?.status == 200)

        // One stderr report and one log record per panic.
        let stderr = server.stderr
        #expect(stderr.components(separatedBy: ") panicked at PanicServer/Shop.swift:").count - 1 == 100)
        #expect(stderr.components(separatedBy: "critical PanicServer:").count - 1 == 100)
        #expect(!stderr.contains("Program crashed"))

        // SIGTERM: a graceful shutdown, status 0.
        server.process.terminate()
        #expect(server.waitForExit(timeout: .seconds(15)))
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
    }
}
