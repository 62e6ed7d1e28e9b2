// A child process for ProcessTests: runs the scenario named by its first
// argument, so that the tests can see what a panic does to a whole process
// (its exit status and its stderr).
import Glibc

let arguments = CommandLine.arguments
guard arguments.count == 2, let scenario = Scenarios.all[arguments[1]] else {
    StandardErrorWriter.write("usage: PanicFixture <scenario>; scenarios: \(Scenarios.all.keys.sorted().joined(separator: " "))\n")
    exit(2)
}
scenario()
