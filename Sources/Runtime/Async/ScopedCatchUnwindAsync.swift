import CUnwind
import Panic

/// ``catchUnwindAsync(_:)`` for a body that must not escape (a Swift Testing
/// `TestScoping` trait gets the test that way), optionally with the panic's
/// report captured instead of printed: what PanicTesting's `.catchesPanics`
/// runs each test in.
///
/// The body runs as the boundary's task, so it is made escapable with
/// `withoutActuallyEscaping`, whose end checks that nothing kept it. After a
/// call that did not panic, this waits for the body's task to end (it lets
/// go of `body` as it ends). After a panic, the abandoned tasks keep their
/// references to `body` forever: the task that panicked is never resumed
/// nor destroyed, and the body's task, awaiting it (its structured child)
/// or being it, never ends. Those references are counted (the strong count
/// of `body`'s context after the call, less the one before it) and released
/// here, the only ones that could ever release them being frames and
/// closures that never run again. See docs/ARCHITECTURE.md, "A test that
/// panics".
///
/// - Returns: the body's result or its panic, and the panic's report when
///   `capturingReport` is true (the panic hook is then not called).
package func catchUnwindAsync<T: Sendable>(
    capturingReport: Bool,
    _ body: @Sendable () async throws -> T
) async throws -> (result: Result<T, Panicked>, report: String?) {
    #if PanicAbort
    return (.success(try await body()), nil)
    #else
    return try await withoutActuallyEscaping(body) { escapable in
        let boundary = AsyncCatchBoundary(capturesReports: capturingReport)
        let before = ClosureContext.strongCount(of: escapable)
        let outcome: Result<Result<T, Panicked>, any Error>
        do {
            outcome = .success(try await boundary.result(of: escapable))
        } catch {
            outcome = .failure(error)
        }
        if case .success(.failure) = outcome {
            // Measured (Swift 6.3.1): 1 reference left in release builds (the
            // task's closure), 3 in debug builds (and copies in its frames).
            ClosureContext.release(escapable, times: ClosureContext.strongCount(of: escapable) - before)
        } else {
            await boundary.bodyTask?.value
        }
        return (try outcome.get(), boundary.report)
    }
    #endif
}

#if !PanicAbort

/// The reference count of an escaping closure's context (the object its
/// captures live in), read and adjusted through the Swift runtime.
enum ClosureContext {
    /// The strong reference count of `closure`'s context; 0 without one.
    static func strongCount<T>(of closure: @escaping @Sendable () async throws -> T) -> Int {
        guard let context = context(of: closure) else { return 0 }
        return cunwind_object_strong_count(context)
    }

    /// Releases `closure`'s context `times` times (nothing when `times` <= 0):
    /// only references that nothing will ever release may be given back.
    static func release<T>(_ closure: @escaping @Sendable () async throws -> T, times: Int) {
        guard times > 0, let context = context(of: closure) else { return }
        cunwind_object_release(context, UInt32(times))
    }

    /// A thick function is two words: the function, then its context (or null).
    private static func context<T>(of closure: @escaping @Sendable () async throws -> T) -> UnsafeMutableRawPointer? {
        unsafeBitCast(closure, to: (UnsafeRawPointer, UnsafeMutableRawPointer?).self).1
    }
}
#endif
