// The Swift baseline: a program that dies of fatalError, as Swift programs do
// without swift-panic. Built by Benchmarks/compare.py with swiftc -O.
fatalError("the demo is over")
