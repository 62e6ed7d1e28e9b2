import Foundation
import Hummingbird
import PanicRuntime

/// The benchmark server: `BoundaryServer --port N --boundary on|off`.
/// Prints `listening on <port>` once it accepts connections.
@main
struct BoundaryServer: PanicMain {
    static func run() async throws {
        let options = Options(arguments: CommandLine.arguments.dropFirst())
        let router = Routes.router()
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: options.port), serverName: "BoundaryServer")
        if options.boundary {
            let app = Application(
                responder: PanicBoundaryResponder(inner: router.buildResponder()),
                configuration: configuration,
                onServerRunning: { announce($0.localAddress?.port ?? options.port) }
            )
            try await app.runService()
        } else {
            let app = Application(
                router: router,
                configuration: configuration,
                onServerRunning: { announce($0.localAddress?.port ?? options.port) }
            )
            try await app.runService()
        }
    }

    /// The line Benchmarks/server.py waits for.
    static func announce(_ port: Int) {
        print("listening on \(port)")
        fflush(nil)
    }
}
