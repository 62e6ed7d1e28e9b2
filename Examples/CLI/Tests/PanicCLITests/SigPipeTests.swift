import Testing

/// `panic-cli lines --count 100000 | head -1`: the reader goes away after one
/// line; the tool must end quietly, never with a crash report.
struct SigPipeTests {
    /// `start`'s default (`SigPipe.ignore`): a write to stdout when stdout is
    /// a pipe whose reader is gone ends the process, killed by SIGPIPE, as a C
    /// program is (status 141 in bash), with no report.
    @Test func ignoredByDefaultStopsQuietly() throws {
        let outcome = try Tool.shell(#"set -o pipefail; "$TOOL" lines --count 100000 | head -1; echo "status=${PIPESTATUS[0]}""#)
        #expect(outcome.stdout == "line 1\nstatus=141\n", "\(outcome)")
        #expect(outcome.stderr.isEmpty, "\(outcome)")
    }

    /// `SigPipe.terminate`: killed by SIGPIPE (status 141 in bash), silently.
    @Test func terminateEndsWithTheSignalQuietly() throws {
        let outcome = try Tool.shell(
            #"set -o pipefail; "$TOOL" lines --count 100000 | head -1; echo "status=${PIPESTATUS[0]}""#,
            environment: ["PANIC_CLI_SIGPIPE": "terminate"]
        )
        #expect(outcome.stdout == "line 1\nstatus=141\n", "\(outcome)")
        #expect(outcome.stderr.isEmpty, "\(outcome)")
    }
}
