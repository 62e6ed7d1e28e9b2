/// Traps (index out of range); not inlined, so the trap is in this module in release builds too.
@inline(never) func element(_ numbers: [Int], _ index: Int) -> Int { numbers[index] }

/// A value written by Nimble's block thread and read after its join.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
