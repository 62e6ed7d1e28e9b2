import Foundation
import Testing

/// The same server built with the `PanicAbort` trait: the first panicking
/// request ends it with SIGABRT and exactly one report.
struct AbortStrategyTests {
    @Test func firstPanicEndsTheServerWithOneReport() throws {
        let server = try ServerProcess(executable: try ServerBinaries.abort())
        defer { server.stop() }
        #expect(server.announcement.hasSuffix("(panic strategy: abort)"))

        #expect(try Curl.get([server.url("/health")]).first?.status == 200)
        let answer = try Curl.get([server.url("/items/7")])
        #expect(answer.first?.status == 0, "a response came back: \(String(describing: answer.first))")

        #expect(server.waitForExit(timeout: .seconds(30)))
        #expect(server.process.terminationReason == .uncaughtSignal)
        #expect(server.process.terminationStatus == SIGABRT)

        let stderr = server.stderr
        #expect(stderr.components(separatedBy: ") panicked at ").count - 1 == 1, "\(stderr)")
        #expect(stderr.contains("Index out of range"))
        #expect(stderr.components(separatedBy: "critical PanicServer:").count - 1 == 1)
        // No second report from the Swift runtime's crash backtracer.
        #expect(!stderr.contains("Program crashed"), "\(stderr)")
        #expect(!stderr.contains("Crashed thread"), "\(stderr)")
    }
}
