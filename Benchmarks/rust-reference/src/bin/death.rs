// Start, panic, die: exit status 101 with panic = "unwind", SIGABRT with "abort".
fn main() {
    panic!("the demo is over");
}
