import ArgumentParser

/// `panic-cli lines --count N`: prints `line 1` to `line N`.
///
/// Piped into `head -1`, it stops quietly as soon as the pipe closes: with
/// SIGPIPE ignored, the write fails with `EPIPE` and the command returns
/// (status 0). With `PANIC_CLI_SIGPIPE=terminate`, SIGPIPE ends it instead
/// (status 141 in a shell), also without a report.
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
