// A child process for SurvivalTests: runs one case of "surviving a caught
// panic" (docs/GUARANTEES.md) and prints what it could observe afterwards.
// Each case ends in one of the rule's two states:
//   1. caught and safe to go on: the last stdout line is `survived: …`, exit 0;
//   2. not caught because not safe: the report, one `note: …` line, exit 101.
// Never a hang, a crash later or a torn value read back.
import Glibc
import PanicRuntime

let arguments = CommandLine.arguments
guard arguments.count == 2, let scenario = SurvivalCases.all[arguments[1]] ?? SurvivalShapes.all[arguments[1]] else {
    let names = (Array(SurvivalCases.all.keys) + Array(SurvivalShapes.all.keys)).sorted().joined(separator: " ")
    let text = "usage: SurvivalFixture <case>; cases: \(names)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
TrapInterception.enable()
scenario()
