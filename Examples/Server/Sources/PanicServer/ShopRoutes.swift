import Hummingbird

/// The routes: plain async handlers, with no wrapper of their own. A panic
/// or a trap in one (after its awaits) reaches ``PanicCatchingResponder``,
/// which answers 500 instead of letting it end the server.
enum ShopRoutes {
    static func router(shop: Shop) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("health") { _, _ in
            await Task.yield()
            return JSONResponse.ok(["status": "ok"])
        }
        // GET /items/1 -> {"item":"coffee"}; GET /items/7 traps: index out of range.
        router.get("items/:index") { _, context in
            let index = try context.parameters.require("index", as: Int.self)
            return JSONResponse.ok(["item": await shop.item(at: index)])
        }
        // GET /stock/tea -> {"name":"tea","stock":12}; GET /stock/milk unwraps nil.
        router.get("stock/:name") { _, context in
            let name = try context.parameters.require("name")
            return JSONResponse.ok(StockLevel(name: name, stock: await shop.stock(of: name)))
        }
        // GET /order/tea/2 -> {"name":"tea","stock":10,"total":6}; GET /order/cocoa/9 panics.
        router.get("order/:name/:quantity") { _, context in
            let name = try context.parameters.require("name")
            let quantity = try context.parameters.require("quantity", as: Int.self)
            return JSONResponse.ok(await shop.order(name, quantity: quantity))
        }
        return router
    }
}

/// What `/stock` answers.
struct StockLevel: Encodable {
    let name: String
    let stock: Int
}
