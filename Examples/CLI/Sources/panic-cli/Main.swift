import ArgumentParser
import PanicRuntime

/// The entry point: `PanicMain` gives the `static func main()` that `@main`
/// calls, and runs ``run()`` through swift-panic's `start`. So the tool gets
/// Rust's process setup: SIGPIPE ignored (see ``sigpipe``), traps turned into
/// panics, stack overflows reported, stdout flushed at exit, and these exit
/// statuses:
///
/// - 0: the command did its work;
/// - 1: it threw an error (`Error: <description>` on stderr);
/// - 101: it panicked, or trapped (one report on stderr);
/// - 64 and others: swift-argument-parser's own, for bad usage (`--help` is 0).
///
/// `PanicCLI` itself stays a plain `ParsableCommand`: its `main()` would
/// clash with this one, so this type parses and runs it.
@main
enum Main: PanicMain {
    /// What `start` does with SIGPIPE: ignored (Rust's default: a write to a
    /// closed pipe fails with `EPIPE`, and `lines` stops quietly), or what
    /// `PANIC_CLI_SIGPIPE` says (`terminate`: killed by the signal, as a C
    /// tool would be; `inherit`: as the parent left it).
    static var sigpipe: SigPipe {
        SigPipeSetting.fromEnvironment()
    }

    static func run() throws -> PanicRuntime.ExitCode {
        var command: any ParsableCommand
        do {
            command = try PanicCLI.parseAsRoot()
        } catch {
            // --help, --version and usage errors: argument-parser's own output and status.
            PanicCLI.exit(withError: error)
        }
        do {
            try command.run()
        } catch where isArgumentParserExit(error) {
            // `--help` (its command throws to print help), `ValidationError`, `CleanExit`, `ExitCode`.
            PanicCLI.exit(withError: error)
        }
        // Any other thrown error leaves `run()`: `start` prints `Error: …` and exits 1.
        return .success
    }

    /// True for the errors swift-argument-parser turns into its own output and status.
    private static func isArgumentParserExit(_ error: any Error) -> Bool {
        error is ArgumentParser.ExitCode || PanicCLI.exitCode(for: error) != ArgumentParser.ExitCode.failure
    }
}
