// The SwiftPM-built baseline for the start-up benchmark: a plain hello world
// with no dependency, linked the way SwiftPM links every executable (its
// RUNPATH has $ORIGIN, which costs a few failed library probes at start).
// Benchmarks/startup.py times StartupHello against it and against the same
// program built with swiftc -O (startup-hello/main.swift).
print("Hello, world!")
