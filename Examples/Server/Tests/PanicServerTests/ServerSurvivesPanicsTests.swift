import Foundation
import Testing

/// The unwind build: async handlers that panic or trap answer 500, and the server goes on.
@Suite(.serialized)
struct ServerSurvivesPanicsTests {
    enum Kind { case healthy, panics, traps }

    /// The i-th request of a run: one in ten panics after a suspension point
    /// (an order the stock cannot cover, after two concurrent lookups), one in
    /// twenty traps in async code after a sleep (index out of range, nil
    /// unwrap, in turn); the others succeed.
    static func request(_ i: Int) -> (path: String, kind: Kind) {
        switch i % 20 {
        case 3, 13: return ("/order/cocoa/\(9 + i)", .panics)
        case 7: return (i % 40 == 7 ? "/items/\(3 + i)" : "/stock/milk", .traps)
        default:
            let healthy = ["/items/\(i % 3)", "/stock/tea", "/order/tea/1", "/health"]
            return (healthy[i % healthy.count], .healthy)
        }
    }

    /// What each kind of bug answers.
    static func expectedMessage(_ path: String) -> String {
        if path.hasPrefix("/items/") { return "Index out of range" }
        if path.hasPrefix("/stock/") { return "Unexpectedly found nil while unwrapping an Optional value" }
        return "cannot order"
    }

    /// Sends `count` requests from `clients` concurrent curl processes, each
    /// with a contiguous share; the requests and their responses, in order.
    static func send(_ server: ServerProcess, count: Int, clients: Int) throws -> [((path: String, kind: Kind), Curl.Response)] {
        let requests = (0..<count).map(Self.request)
        let share = (count + clients - 1) / clients
        let batches = stride(from: 0, to: count, by: share).map { start in
            requests[start..<min(count, start + share)].map { server.url($0.path) }
        }
        let responses = try Curl.get(batches: batches).flatMap { $0 }
        try #require(responses.count == count, "curl answered \(responses.count) of \(count) requests")
        return Array(zip(requests, responses))
    }

    @Test func twoThousandRequestsFromThirtyTwoClients() throws {
        let server = try ServerProcess(executable: ServerBinaries.unwind)
        defer { server.stop() }
        #expect(server.announcement.hasSuffix("(panic strategy: unwind)"))

        // Warm up (threads, allocator, caches), then measure.
        _ = try Self.send(server, count: 400, clients: 32)
        let rssBefore = try #require(server.residentKiB)
        let exchanges = try Self.send(server, count: 2000, clients: 32)
        let rssAfter = try #require(server.residentKiB)

        var ok = 0, panicked = 0, trapped = 0
        for (request, response) in exchanges {
            if request.kind == .healthy {
                #expect(response.status == 200, "\(request.path): \(response.status) \(response.body)")
                if response.status == 200 { ok += 1 }
                continue
            }
            #expect(response.status == 500, "\(request.path): \(response.status) \(response.body)")
            let reply = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: String]
            #expect(reply?["error"] == "panic", "\(request.path): \(response.body)")
            // Traps included: threads trapping at once each claim their own report
            // from the Swift runtime's one process-wide fatal-error record.
            #expect(reply?["message"]?.contains(Self.expectedMessage(request.path)) == true, "\(request.path): \(response.body)")
            #expect(reply?["location"]?.hasPrefix("PanicServer/Shop.swift:") == true, "\(request.path): \(response.body)")
            if response.status == 500 {
                if request.kind == .panics { panicked += 1 } else { trapped += 1 }
            }
        }
        #expect(ok == 1700)
        #expect(panicked == 200)
        #expect(trapped == 100)

        // Still alive, still serving, its memory bounded: what 300 abandoned
        // handlers leak (a few KiB each) plus allocator noise.
        #expect(server.isRunning)
        #expect(try Curl.get([server.url("/health")]).first?.status == 200)
        #expect(rssAfter - rssBefore < 16 * 1024, "RSS grew from \(rssBefore) KiB to \(rssAfter) KiB")

        // One stderr report and one log record per panic (480 with the warm-up).
        let stderr = server.stderr
        #expect(stderr.components(separatedBy: ") panicked at PanicServer/Shop.swift:").count - 1 == 360)
        #expect(stderr.components(separatedBy: "critical PanicServer:").count - 1 == 360)
        // Reports name no Dispatch worker: each handler runs in an unnamed task on a pool thread.
        #expect(stderr.components(separatedBy: "\nan async task on a pool thread (").count - 1 == 360)
        #expect(!stderr.contains("Program crashed"))

        // SIGTERM: a graceful shutdown, status 0.
        server.process.terminate()
        #expect(server.waitForExit(timeout: .seconds(15)))
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
    }
}
