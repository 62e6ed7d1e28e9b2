import ArgumentParser

/// `panic-cli sum 1 2 3`: prints the sum. A sum past `Int.max` is an
/// arithmetic overflow, a Swift trap, which `start` turns into a panic:
/// one report and status 101.
struct Sum: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add integers (an overflow is a panic).")

    @Argument(help: "The integers to add.")
    var numbers: [Int]

    func run() {
        print(total(numbers))
    }
}

/// The sum, with Swift's checked `+`.
@inline(never)
func total(_ numbers: [Int]) -> Int {
    var sum = 0
    for number in numbers { sum += number }
    return sum
}
