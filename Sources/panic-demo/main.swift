// panic-demo: a caught panic, then an uncaught one (exit status 101).
import Runtime

print("panic strategy: \(panicStrategy)")

let outcome = catchUnwind { () -> Int in
    let orders = [3, 5, 8]
    let wanted = 7
    guard wanted < orders.count else {
        panic("order \(wanted) does not exist (there are \(orders.count))")
    }
    return orders[wanted]
}

switch outcome {
case .success(let value):
    print("got \(value)")
case .failure(let caught):
    print("caught: \(caught.message ?? "?") at \(caught.location); still running")
}

print("now a panic nothing catches:")
panic("the demo is over")
