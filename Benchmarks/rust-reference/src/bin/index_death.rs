// Start, index out of bounds in main, die (exit status 101): the
// whole-process twin of Benchmarks/IndexDeath. Run with RUST_BACKTRACE=1.
fn main() {
    let numbers = [1, 2, 3];
    let index = std::env::args().count() + 2;
    println!("{}", numbers[index]);
}
