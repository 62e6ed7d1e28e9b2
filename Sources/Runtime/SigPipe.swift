import Glibc

/// What `start` does with SIGPIPE before `main` runs
/// (Rust's `-Zon-broken-pipe` / `#[unix_sigpipe]`).
public enum SigPipe: Sendable, Hashable {
    /// SIGPIPE is ignored: a write to a pipe or socket whose reader is gone
    /// fails with `EPIPE`, which the program can handle. The default, as in Rust.
    case ignore
    /// SIGPIPE's disposition is left as the parent process set it.
    case inherit
    /// SIGPIPE's default action (`SIG_DFL`): a write to a closed pipe ends the
    /// process silently, killed by the signal. What a C program and `| head` expect.
    case terminate

    /// Sets the process's SIGPIPE disposition as asked.
    func apply() {
        switch self {
        case .ignore: _ = signal(SIGPIPE, SIG_IGN)
        case .inherit: break
        case .terminate: _ = signal(SIGPIPE, SIG_DFL)
        }
    }
}
