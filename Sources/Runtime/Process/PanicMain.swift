/// A program's entry point for `@main` types: write `run()`, and the
/// `static func main()` that `@main` calls comes from this protocol and runs
/// `run()` through `start` (SIGPIPE, overflow reports, catch frame, exit status).
///
/// ```swift
/// import PanicRuntime
///
/// @main
/// struct Server: PanicMain {
///     static func run() throws -> ExitCode {
///         try serve()
///         return .success
///     }
/// }
/// ```
///
/// `run()` may return nothing, an `Int32`, an ``ExitCode`` or any
/// ``Termination``, and may throw (`Error: …` on stderr, status 1).
/// A panic in it exits 101.
///
/// `run()` may be `async` (`static func run() async throws`): it runs on
/// the main actor, on the main thread, as with Swift's own async `@main`,
/// through the async `start`. A synchronous `run()` runs there too.
public protocol PanicMain {
    /// What `run()` returns: `Void`, `Int32` or a ``Termination``.
    associatedtype RunResult = Void

    /// What `start` does with SIGPIPE; ``SigPipe/ignore`` unless the type says otherwise.
    static var sigpipe: SigPipe { get }

    /// The program: everything `main` would do. Synchronous or `async`; on
    /// the main actor.
    @MainActor static func run() async throws -> RunResult
}

extension PanicMain {
    /// SIGPIPE ignored, as in Rust.
    public static var sigpipe: SigPipe { .ignore }
}

extension PanicMain where RunResult == Void {
    /// The entry point `@main` calls: `start { try await run() }`; exits 0, 1 or 101.
    public static func main() {
        startMain(Self.self)
    }
}

extension PanicMain where RunResult == Int32 {
    /// The entry point `@main` calls: `start { try await run() }`; exits with `run()`'s value, 1 or 101.
    public static func main() {
        startMain(Self.self)
    }
}

extension PanicMain where RunResult: Termination {
    /// The entry point `@main` calls: `start { try await run() }`; exits with the reported code, 1 or 101.
    public static func main() {
        startMain(Self.self)
    }
}

/// `start` for a `PanicMain` type (kept apart from `main()` so that the
/// closure captures no metatype value).
private func startMain<Main: PanicMain>(_: Main.Type) -> Never where Main.RunResult == Void {
    start(sigpipe: Main.sigpipe) { try await Main.run() }
}

private func startMain<Main: PanicMain>(_: Main.Type) -> Never where Main.RunResult == Int32 {
    start(sigpipe: Main.sigpipe) { () async throws -> Int32 in try await Main.run() }
}

private func startMain<Main: PanicMain>(_: Main.Type) -> Never where Main.RunResult: Termination {
    start(sigpipe: Main.sigpipe) { try await Main.run() }
}
