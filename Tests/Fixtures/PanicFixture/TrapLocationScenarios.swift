// Traps inside a closure that a function returns and that catchUnwind runs
// (issue 13.1): the report must name the user's line, never this package's.
// Run by Tests/ProcessTests/TrapLocationTests.swift.
import Glibc
import PanicRuntime

nonisolated(unsafe) var trapSink = 0

/// The identity, out of the optimizer's sight.
@inline(never) func opaque<T>(_ value: T) -> T { value }

struct Counter {
    var value = 0
    mutating func bump(by amount: Int) { value += amount }
    mutating func refuse() { panic("refused in a mutating method") }
}

/// A closure that traps as `kind` says, made by a function and returned.
@inline(never)
func makeTrap(_ kind: String) -> () -> Void {
    switch kind {
    case "index": return { let a = [1]; trapSink = a[opaque(3)] }
    case "nil": return { let value: Int? = opaque(nil); trapSink = value! }
    case "overflow": return { trapSink = opaque(Int.max) + opaque(1) }
    case "divide": return { trapSink = opaque(7) / opaque(0) }
    case "precondition": return { precondition(opaque(1) < 0, "must be negative"); trapSink = 1 }
    case "remove-last": return { var a = opaque([Int]()); trapSink = a.removeLast() }
    case "range": return { let range = opaque(5)..<opaque(1); trapSink = range.count }
    case "int-uint": return { trapSink = Int(opaque(UInt.max)) }
    case "mutating-overflow": return { var counter = Counter(value: opaque(Int.max)); counter.bump(by: 1); trapSink = counter.value }
    case "mutating-panic": return { var counter = Counter(); counter.refuse(); trapSink = counter.value }
    case "nested-closure": return { let inner: () -> Int = { let a = [1]; return a[opaque(3)] }; trapSink = opaque(inner)() }
    case "local-function":
        @inline(never) func pick(_ numbers: [Int]) -> Int { numbers[opaque(5)] }
        return { trapSink = pick([1, 2]) }
    default: return { say("unknown KIND \(kind)") }
    }
}

enum TrapLocationScenarios {
    static let all: [String: @Sendable () -> Void] = [
        // KIND names the trap; the hook prints its message and location.
        "trap-returned-closure": {
            TrapInterception.enable()
            setHook { info in say("hook: \(info.message ?? "?") at \(info.location)") }
            let kind = environment("KIND") ?? "index"
            let result = catchUnwind(makeTrap(kind))
            if case .success = result { say("not caught") }
        },
        // The same, uncaught, with the default hook's report.
        "trap-returned-closure-uncaught": {
            TrapInterception.enable()
            makeTrap(environment("KIND") ?? "index")()
        },
    ]
}
