import ArgumentParser

/// The tool: a few small commands, each showing one way a program ends.
struct PanicCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panic-cli",
        abstract: "A command-line tool whose panics and traps end it as a Rust program's would.",
        discussion: """
            Exit status: 0 on success, 1 for an error, 101 for a panic or a trap.
            PANIC_BACKTRACE=1 adds a short backtrace to a panic's report, PANIC_BACKTRACE=full every frame.
            PANIC_CLI_SIGPIPE=terminate|inherit changes what a closed pipe does (default: ignore, stop quietly).
            """,
        subcommands: [Lines.self, Sum.self, Count.self, Pick.self]
    )
}
