// Start, index out of range in main, die: the whole-process twin of
// rust-reference/src/bin/index_death.rs. Run with PANIC_BACKTRACE=1 for a
// short backtrace (Benchmarks/coldtrace.py times it from start to death).
import PanicRuntime

start {
    let numbers = [1, 2, 3]
    let index = CommandLine.arguments.count + 2
    print(numbers[index])
}
