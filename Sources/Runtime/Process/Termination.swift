/// What a `main` can return to `start`: a value that
/// turns into the process's exit status (Rust's `std::process::Termination`).
///
/// ``ExitCode`` conforms; conform your own result type to report success or
/// failure your way. `report()` runs inside `start`'s `catchUnwind`: a panic
/// there exits 101 like a panic in `main`.
public protocol Termination {
    /// The exit status this value stands for. May print (to stderr, say)
    /// what the user should know about it.
    func report() -> ExitCode
}
