import ArgumentParser

/// `panic-cli lines --count N`: prints `line 1` to `line N`.
///
/// Piped into `head -1`, it stops quietly as soon as the pipe closes: under
/// `start`'s default a write to stdout when stdout is a dead pipe ends the
/// process by SIGPIPE (status 141 in a shell), without a report, as
/// `PANIC_CLI_SIGPIPE=terminate` does. A failed write to anything else
/// returns `EPIPE`, and the command stops (status 0).
struct Lines: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print N numbered lines (try it piped into head).")

    @Option(help: "How many lines to print.")
    var count = 10

    func run() throws {
        var output = StandardOutput()
        for number in stride(from: 1, through: count, by: 1) {
            guard output.write("line \(number)\n") else { return }  // the reader has gone
        }
        _ = output.flush()
    }
}
