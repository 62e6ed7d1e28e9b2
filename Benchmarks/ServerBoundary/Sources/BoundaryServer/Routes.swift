import Foundation
import Hummingbird
import PanicRuntime

/// The routes the comparison loads: a constant, one await then a small JSON
/// body, and a panic (the flood, with the boundary on).
enum Routes {
    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("constant") { _, _ in "ok" }
        router.get("json") { _, _ -> Response in
            await Task.yield()
            let body = try JSONEncoder().encode(Item(id: 42, name: "coffee", price: 4.5, tags: ["hot", "bean"]))
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: body))
            )
        }
        router.get("panic") { _, _ -> String in
            await Task.yield()
            panic("flood")
        }
        return router
    }
}

/// The JSON route's body.
struct Item: Encodable {
    let id: Int
    let name: String
    let price: Double
    let tags: [String]
}
