import PanicRuntime

/// The server's business logic, async as a real service's is (each lookup
/// waits for its "storage", here a short sleep), with three bugs that the
/// routes reach on purpose, each after a suspension point.
struct Shop: Sendable {
    let items = ["tea", "coffee", "cocoa"]
    let stock = ["tea": 12, "coffee": 0, "cocoa": 3]
    let prices = ["tea": 3, "coffee": 4, "cocoa": 5]

    /// A storage round trip.
    private func fetch() async {
        try? await Task.sleep(for: .microseconds(200))
    }

    /// The item at `index`. Bug: no bounds check, so an index past the end traps.
    func item(at index: Int) async -> String {
        await fetch()
        return items[index]
    }

    /// How many of `name` are left. Bug: an unknown name unwraps nil.
    func stock(of name: String) async -> Int {
        await fetch()
        return stock[name]!
    }

    /// The price of `name`, or nil.
    func price(of name: String) async -> Int? {
        await fetch()
        return prices[name]
    }

    /// Orders `quantity` of `name`: its stock and price are fetched at once
    /// (`async let`); an order the stock cannot cover is a panic.
    func order(_ name: String, quantity: Int) async -> Order {
        async let left = stock(of: name)
        async let price = price(of: name)
        let available = await left
        guard quantity <= available else {
            panic("cannot order \(quantity) \(name): \(available) left")
        }
        return Order(name: name, stock: available - quantity, total: quantity * (await price ?? 0))
    }
}

/// What `/order` answers.
struct Order: Encodable {
    let name: String
    let stock: Int
    let total: Int
}
