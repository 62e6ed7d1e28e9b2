// The first backtrace of a process, measured inside it: capture, resolve and
// (short) format, before anything else has captured or resolved (one sample
// per process; Benchmarks/coldtrace.py runs it many times). The Swift twin is
// Benchmarks/ColdTrace. With the argument `roundtrip`: the first caught panic
// instead. Prints `name<TAB>nanoseconds`.
use std::backtrace::Backtrace;
use std::hint::black_box;
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

fn main() {
    if std::env::args().nth(1).as_deref() == Some("roundtrip") {
        // The first caught panic of the process (silent hook, depth 10).
        std::panic::set_hook(Box::new(|_| {}));
        let first = Instant::now();
        black_box(std::panic::catch_unwind(|| at_depth(10, &|| -> u64 { panic!("round trip") })).is_err());
        let cold = first.elapsed().as_nanos();
        let second = Instant::now();
        black_box(std::panic::catch_unwind(|| at_depth(10, &|| -> u64 { panic!("round trip") })).is_err());
        let warm = second.elapsed().as_nanos();
        println!("first caught panic, cold\t{cold}");
        println!("first caught panic, second\t{warm}");
        return;
    }
    at_depth(14, &|| {
        let first = Instant::now();
        black_box(format!("{}", Backtrace::force_capture()));
        let cold = first.elapsed().as_nanos();
        let second = Instant::now();
        black_box(format!("{}", Backtrace::force_capture()));
        let warm = second.elapsed().as_nanos();
        println!("capture + short print, cold\t{cold}");
        println!("capture + short print, second\t{warm}");
    });
}
