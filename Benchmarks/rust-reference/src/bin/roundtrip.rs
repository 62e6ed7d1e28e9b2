// Micro benchmarks of Rust's panic machinery, for comparison with swift-panic.
// Prints one line per measurement: `name<TAB>nanoseconds per iteration`.
use std::backtrace::Backtrace;
use std::hint::black_box;
use std::panic;
use std::time::Instant;

#[inline(never)]
fn at_depth<T>(depth: u32, body: &dyn Fn() -> T) -> T {
    if depth <= 1 {
        return body();
    }
    let result = at_depth(depth - 1, body);
    black_box(depth);
    result
}

fn measure(name: &str, iterations: u32, mut body: impl FnMut()) {
    for _ in 0..(iterations / 10).max(1) {
        body();
    }
    let start = Instant::now();
    for _ in 0..iterations {
        body();
    }
    let ns = start.elapsed().as_nanos() as f64 / iterations as f64;
    println!("{name}\t{ns:.1}");
}

fn main() {
    let smoke = std::env::var_os("BENCHMARK_SMOKE").is_some();
    let scale = if smoke { 100 } else { 1 };

    measure("plain call", 10_000_000 / scale, || {
        black_box(black_box(7u64).wrapping_mul(31));
    });
    measure("catch_unwind, happy path", 10_000_000 / scale, || {
        black_box(panic::catch_unwind(|| black_box(7u64).wrapping_mul(31)).ok());
    });

    panic::set_hook(Box::new(|_| {}));
    measure("panic + catch_unwind, depth 10, silent hook", 200_000 / scale, || {
        let result = panic::catch_unwind(|| at_depth(10, &|| -> u64 { panic!("round trip") }));
        black_box(result.is_err());
    });
    let _ = panic::take_hook();
    // The default hook writes to stderr: run with 2>/dev/null.
    measure("panic + catch_unwind, depth 10, default hook", 20_000 / scale, || {
        let result = panic::catch_unwind(|| at_depth(10, &|| -> u64 { panic!("round trip") }));
        black_box(result.is_err());
    });

    at_depth(14, &|| {
        measure("Backtrace::force_capture, 20 frames", 100_000 / scale, || {
            black_box(Backtrace::force_capture());
        });
        let first = Instant::now();
        black_box(format!("{}", Backtrace::force_capture()));
        println!("Backtrace capture + resolve + format, cold\t{:.1}", first.elapsed().as_nanos() as f64);
        measure("Backtrace capture + resolve + format, warm", 2_000 / scale, || {
            black_box(format!("{}", Backtrace::force_capture()));
        });
    });
}
