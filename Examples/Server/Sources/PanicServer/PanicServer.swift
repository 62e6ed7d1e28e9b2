import Hummingbird
import Logging
import PanicLogging
import PanicRuntime

/// The example server: a small shop over HTTP whose async handlers have bugs
/// on purpose, and survive them.
///
/// `PanicMain` with an async `run()` runs it through `start`: SIGPIPE
/// ignored, traps turned into panics, the stack-overflow report, the main
/// thread named `main`, exit statuses. Every request runs inside
/// `catchUnwindAsync` (``PanicCatchingResponder``); a panic outside it (in a
/// `Task` a handler starts, say) still ends the process with one report and
/// status 101.
@main
struct PanicServer: PanicMain {
    static func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "PanicServer")
        // Every panic becomes a `critical` log record (then the usual stderr report).
        // The backtrace goes into the record only when PANIC_BACKTRACE asks for one.
        PanicLogging.install(logger: logger, backtraceStyle: BacktraceStyle.current)

        let options = ServerOptions(arguments: CommandLine.arguments.dropFirst())
        let router = ShopRoutes.router(shop: Shop())
        let app = Application(
            responder: PanicCatchingResponder(inner: router.buildResponder()),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "PanicServer"),
            onServerRunning: { channel in
                Announcement.listening(host: options.host, port: channel.localAddress?.port ?? options.port)
            },
            logger: logger
        )
        try await app.runService()
    }
}
