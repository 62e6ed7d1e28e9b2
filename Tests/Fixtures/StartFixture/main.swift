// A child process for ProcessTests: runs the scenario named by its first
// argument. Each scenario calls `start` (or not) itself, so that the tests
// see what start, spawn and the signal handlers do to a whole process.
import Glibc

let arguments = CommandLine.arguments
guard arguments.count == 2, let scenario = StartScenarios.all[arguments[1]] ?? ProcessEdgeScenarios.all[arguments[1]] ?? AsyncStartScenarios.all[arguments[1]] else {
    let names = (Array(StartScenarios.all.keys) + Array(ProcessEdgeScenarios.all.keys) + Array(AsyncStartScenarios.all.keys)).sorted().joined(separator: " ")
    let usage = "usage: StartFixture <scenario>; scenarios: \(names)\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
scenario()
