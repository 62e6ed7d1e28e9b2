import Hummingbird

/// The routes. Each handler parses its request (async code, which may throw),
/// then runs the shop's synchronous work through ``guarded(_:)``: a panic or a
/// trap in that work answers 500 instead of ending the server.
enum ShopRoutes {
    static func router(shop: Shop) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("health") { _, _ in
            JSONResponse.ok(["status": "ok"])
        }
        // GET /items/1 -> {"item":"coffee"}; GET /items/7 traps: index out of range.
        router.get("items/:index") { _, context in
            let index = try context.parameters.require("index", as: Int.self)
            return guarded { ["item": shop.item(at: index)] }
        }
        // GET /stock/tea -> {"name":"tea","stock":12}; GET /stock/milk unwraps nil.
        router.get("stock/:name") { _, context in
            let name = try context.parameters.require("name")
            return guarded { StockLevel(name: name, stock: shop.stock(of: name)) }
        }
        // GET /order/tea/2 -> {"name":"tea","stock":10}; GET /order/cocoa/9 panics.
        router.get("order/:name/:quantity") { _, context in
            let name = try context.parameters.require("name")
            let quantity = try context.parameters.require("quantity", as: Int.self)
            return guarded { StockLevel(name: name, stock: shop.order(name, quantity: quantity)) }
        }
        return router
    }
}

/// What `/stock` and `/order` answer.
struct StockLevel: Encodable {
    let name: String
    let stock: Int
}
