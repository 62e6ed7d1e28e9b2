import PanicRuntime
import PanicTesting
import Testing

#if !PanicAbort

/// Tests run in parallel on the concurrency pool: each expectPanic must catch
/// its own panic, with its own message, whatever the other threads do.
@Suite("expectPanic in parallel")
struct ParallelPanicTests {
    @Test("200 parallel test cases, each panicking with its own message", arguments: 0..<200)
    func ownPanic(_ number: Int) throws {
        for round in 0..<20 {
            let panicked = try #require(expectPanic(containing: "case \(number) round \(round)") {
                panic("case \(number) round \(round)")
            })
            #expect(panicked.message == "case \(number) round \(round)")
        }
        #expect(panicCount == 0)
    }

    @Test("40 parallel test cases, each trapping in its own way", arguments: 0..<40)
    func ownTrap(_ number: Int) throws {
        let numbers = Array(0..<number)
        let panicked: Panicked?
        switch number % 5 {
        case 0: panicked = expectPanic(containing: "Index out of range") { _ = element(numbers, number) }
        case 1: panicked = expectPanic(containing: "Unexpectedly found nil") { _ = unwrap(nil) }
        case 2: panicked = expectPanic(containing: "arithmetic overflow") { _ = add(.max, number) }
        case 3:
            // The same fatalError line as other cases and tests: the runtime's
            // shared record of reports has no thread in it, yet each gets its own.
            panicked = expectPanic(containing: "Fatal error: negative: -\(number)") { _ = failing(-number) }
        default:
            #if DEBUG
            panicked = expectPanic(containing: "Precondition failed: value must be positive") { _ = checked(-number) }
            #else
            panicked = expectPanic(containing: "precondition failure") { _ = checked(-number) }
            #endif
        }
        #expect(panicked?.location.file == "PanicTestingTests/ExpectPanicTests.swift")
        #expect(element(numbers + [7], number) == 7)
    }

    @Test("64 child tasks × 50 panics at once: each task gets back its own")
    func taskGroup() async {
        let caught = await withTaskGroup(of: Int.self) { group in
            for task in 0..<64 {
                group.addTask {
                    var caught = 0
                    for round in 0..<50 {
                        let text = "task \(task) round \(round)"
                        if expectPanic(containing: text, { panic(text) })?.message == text { caught += 1 }
                        if round % 10 == 0 { await Task.yield() }
                    }
                    return caught
                }
            }
            return await group.reduce(0, +)
        }
        #expect(caught == 64 * 50)
    }

    @Test("threads of their own, panicking at once")
    func threads() throws {
        let handles = (0..<8).map { thread in
            spawn(name: "panicker \(thread)") { () -> Int in
                var caught = 0
                for round in 0..<200 {
                    let text = "thread \(thread) round \(round)"
                    if expectPanic(containing: text, { panic(text) })?.message == text { caught += 1 }
                }
                return caught
            }
        }
        for handle in handles {
            #expect(try handle.join().get() == 200)
        }
    }
}

#endif
