import Hummingbird
import Logging
import PanicLogging
import PanicRuntime

/// The example server: a small shop over HTTP whose handlers have bugs on
/// purpose, and survive them.
///
/// `start` (or `PanicMain`) is not used here: it runs a synchronous `main`,
/// and Hummingbird's `runService()` is async, made for Swift's own async
/// `@main`. So this entry point does by hand what a server needs from `start`:
/// it turns Swift's traps into panics (`TrapInterception.enable()`).
/// SIGPIPE needs nothing: SwiftNIO never lets a socket write raise it.
/// A panic outside any `catchUnwind` in async code still ends the process
/// with one report and status 101, as `start` would.
@main
struct PanicServer {
    static func main() async throws {
        TrapInterception.enable()

        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "PanicServer")
        // Every panic becomes a `critical` log record (then the usual stderr report).
        // The backtrace goes into the record only when PANIC_BACKTRACE asks for one.
        PanicLogging.install(logger: logger, backtraceStyle: BacktraceStyle.current)

        let options = ServerOptions(arguments: CommandLine.arguments.dropFirst())
        let app = Application(
            router: ShopRoutes.router(shop: Shop()),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "PanicServer"),
            onServerRunning: { channel in
                Announcement.listening(host: options.host, port: channel.localAddress?.port ?? options.port)
            },
            logger: logger
        )
        try await app.runService()
    }
}
