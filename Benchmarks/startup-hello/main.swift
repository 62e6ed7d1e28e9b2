// The Swift baseline for the start-up benchmark: a plain hello world, built by
// Benchmarks/startup.py with swiftc -O.
print("Hello, world!")
