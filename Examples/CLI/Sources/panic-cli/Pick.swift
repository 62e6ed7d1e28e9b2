import ArgumentParser
import PanicRuntime

/// `panic-cli pick --index 1 tea coffee`: prints the word at an index.
/// Its bugs are on purpose: no word at all is an explicit `panic`, and an
/// index past the end is Swift's "Index out of range" trap, which `start`
/// turns into a panic. Either way: one report, status 101. Run it with
/// `PANIC_BACKTRACE=1` to see the short backtrace.
struct Pick: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the word at an index (a bad index is a panic: exit 101).")

    @Option(help: "The index of the word to print.")
    var index = 0

    @Argument(help: "The words.")
    var words: [String] = []

    func run() {
        print(Picker(words: words).word(at: index))
    }
}

/// The logic under `pick`, in frames of its own for the backtrace.
struct Picker {
    let words: [String]

    @inline(never)
    func word(at index: Int) -> String {
        guard !words.isEmpty else { panic("nothing to pick from") }
        return lookUp(index)
    }

    @inline(never)
    func lookUp(_ index: Int) -> String {
        words[index]
    }
}
