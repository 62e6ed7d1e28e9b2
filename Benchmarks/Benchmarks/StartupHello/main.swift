// The start-up cost of adopting swift-panic: a hello world under `start {}`
// that never panics. Benchmarks/startup.py times it against the plain Swift
// hello world in Benchmarks/startup-hello/main.swift (built with swiftc -O).
import PanicRuntime

start {
    print("Hello, world!")
}
