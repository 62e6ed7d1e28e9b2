// panic-demo: what swift-panic does for a program, in one run.
//
// 1. a panic inside catchUnwind is reported and caught; the program goes on;
// 2. a Swift trap (index out of range) is caught the same way;
// 3. a panic on a spawned thread comes back from join();
// 4. a panic nothing catches ends the program with status 101.
//
// Run with PANIC_BACKTRACE=1 to see backtraces, with --traits PanicAbort to
// see the abort strategy (the first panic ends the process with SIGABRT).
// `panic-demo --panic-now` panics at once (the benchmarks time that).
import PanicRuntime

struct Order {
    let id: Int
    let items: [String]
}

@inline(never)
func firstItem(of order: Order) -> String {
    guard !order.items.isEmpty else { panic("order \(order.id) has no items") }
    return order.items[0]
}

@inline(never)
func item(_ index: Int, of order: Order) -> String {
    order.items[index]  // traps when out of range
}

start {
    if CommandLine.arguments.contains("--panic-now") { panic("the demo is over") }
    print("panic strategy: \(panicStrategy)")
    let orders = [Order(id: 1, items: ["tea"]), Order(id: 2, items: [])]

    for order in orders {
        switch catchUnwind({ firstItem(of: order) }) {
        case .success(let item): print("order \(order.id): \(item)")
        case .failure(let caught): print("order \(order.id) failed: \(caught.message ?? "?") at \(caught.location); still running")
        }
    }

    if case .failure(let caught) = catchUnwind({ item(5, of: orders[0]) }) {
        print("a trap, caught: \(caught.message ?? "?") at \(caught.location)")
    }

    let worker = spawn(name: "worker") { () -> Int in panic("the worker gave up") }
    if case .failure(let caught) = worker.join() {
        print("worker failed: \(caught.message ?? "?")")
    }

    print("now a panic nothing catches (exit status 101):")
    panic("the demo is over")
}
