import CUnwind

/// What `start` does with SIGPIPE before `main` runs
/// (Rust's `-Zon-broken-pipe` / `#[unix_sigpipe]`).
public enum SigPipe: Sendable, Hashable {
    /// SIGPIPE is ignored: a write to a pipe or socket whose reader is gone
    /// fails with `EPIPE`, which the program can handle. The default, as in Rust.
    ///
    /// Two differences from `SIG_IGN`, which is not what is installed (a
    /// handler that does nothing is):
    /// - child processes (`posix_spawn`, `system`, `Foundation.Process`)
    ///   start with SIGPIPE at its default, because `exec` resets a handled
    ///   signal (an ignored one stays ignored, and `yes | head -1` run by
    ///   the program would print `Broken pipe`);
    /// - a write to stdout when stdout is a pipe whose reader is gone ends
    ///   the process, killed by SIGPIPE, as a C program is (Go's rule for
    ///   stdout): `program | head -1` stops when `head` has its line.
    ///   `print` cannot report the failure, and a program printing in a loop
    ///   would otherwise spin forever. Not while the writing thread is
    ///   panicking (its status stays 101). The signal does not say which
    ///   descriptor failed: while stdout is such a pipe, a failed write to
    ///   any pipe or socket ends the process too.
    case ignore
    /// SIGPIPE's disposition is left as the parent process set it.
    case inherit
    /// SIGPIPE's default action (`SIG_DFL`): a write to a closed pipe ends the
    /// process silently, killed by the signal. What a C program and `| head` expect.
    case terminate

    /// Sets the process's SIGPIPE disposition as asked.
    func apply() {
        switch self {
        case .ignore: _ = cunwind_sigpipe_install()
        case .inherit: break
        case .terminate: cunwind_signal_default(SIGPIPE)
        }
    }
}
