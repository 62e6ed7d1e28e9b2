import Hummingbird
import PanicRuntime

/// Runs a handler's synchronous `work` inside `catchUnwind`: its value comes
/// back as a 200 JSON response, a panic (or a Swift trap) inside it as a 500
/// with `{"error":"panic","message":…,"location":…}`.
///
/// The panic hook has already logged and reported the panic when this returns.
/// `work` must not suspend: a `catchUnwind` catches what runs on its own thread,
/// and an async function cannot be called here anyway.
func guarded<Value: Encodable>(_ work: () -> Value) -> Response {
    switch catchUnwind(work) {
    case .success(let value):
        return JSONResponse.ok(value)
    case .failure(let panicked):
        return JSONResponse.make(PanicReply(panicked), status: .internalServerError)
    }
}
