import Hummingbird
import PanicRuntime

/// The server's panic boundary: it sits where middleware sits, around the
/// whole router, and runs each request's handler (all of it, with its
/// awaits) through `catchUnwindAsync`. A panic or a trap anywhere in a
/// handler answers 500 with `{"error":"panic","message":…,"location":…}`;
/// the panic hook has already logged and reported it.
///
/// Why not a `RouterMiddleware`: Hummingbird hands a middleware its `next`
/// as a non-escaping closure, and `catchUnwindAsync` runs its body in a
/// task that a panic abandons, still holding what the body held. Run there
/// through `withoutActuallyEscaping`, `next` is still referenced when the
/// middleware returns, and the Swift runtime stops the process ("closure
/// argument was escaped"). A responder holds the router's responder as a
/// plain Sendable value, which an abandoned task may keep forever.
struct PanicCatchingResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context: Sendable {
    let inner: Inner

    func respond(to request: Request, context: Inner.Context) async throws -> Response {
        let inner = self.inner
        switch try await catchUnwindAsync({ try await inner.respond(to: request, context: context) }) {
        case .success(let response):
            return response
        case .failure(let panicked):
            return JSONResponse.make(PanicReply(panicked), status: .internalServerError)
        }
    }
}
