import PanicRuntime

/// The server's business logic: plain synchronous code, with three bugs
/// that the routes reach on purpose.
struct Shop: Sendable {
    let items = ["tea", "coffee", "cocoa"]
    let stock = ["tea": 12, "coffee": 0, "cocoa": 3]

    /// The item at `index`. Bug: no bounds check, so an index past the end traps.
    func item(at index: Int) -> String {
        items[index]
    }

    /// How many of `name` are left. Bug: an unknown name unwraps nil.
    func stock(of name: String) -> Int {
        stock[name]!
    }

    /// Orders `quantity` of `name`; an order the stock cannot cover is a panic.
    func order(_ name: String, quantity: Int) -> Int {
        let left = stock(of: name)
        guard quantity <= left else {
            panic("cannot order \(quantity) \(name): \(left) left")
        }
        return left - quantity
    }
}
