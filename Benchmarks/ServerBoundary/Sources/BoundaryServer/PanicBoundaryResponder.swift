import Hummingbird
import PanicRuntime

/// The boundary under test, as Examples/Server has it: every request runs
/// through `catchUnwindAsync`; a panic answers 500.
struct PanicBoundaryResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context: Sendable {
    let inner: Inner

    func respond(to request: Request, context: Inner.Context) async throws -> Response {
        let inner = self.inner
        switch try await catchUnwindAsync({ try await inner.respond(to: request, context: context) }) {
        case .success(let response): return response
        case .failure: return Response(status: .internalServerError)
        }
    }
}
