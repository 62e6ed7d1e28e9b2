import Foundation

/// A fixture's source file, read at test time, to find where its calls are:
/// the expected reports follow the file when it changes. Swift's `#column`
/// in a default argument is the column of the call's `(`.
struct FixtureSource: Sendable {
    /// `PanicFixture/Scenarios.swift`, as `#fileID` names it.
    let fileID: String
    let lines: [String]

    /// Reads `Tests/Fixtures/<fileID>`.
    init(_ fileID: String) {
        self.fileID = fileID
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(fileID)")
        lines = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").components(separatedBy: "\n")
    }

    /// `line:column` of the first call written as `call`.
    func lineColumn(of call: String) -> String {
        for (index, line) in lines.enumerated() {
            if let range = line.range(of: call) {
                let paren = line[range].firstIndex(of: "(")!
                return "\(index + 1):\(line.distance(from: line.startIndex, to: paren) + 1)"
            }
        }
        return "<\(call) not found in \(fileID)>"
    }

    /// `fileID:line:column` of the first call written as `call`.
    func location(of call: String) -> String { "\(fileID):\(lineColumn(of: call))" }

    /// The number of the first line containing `text` (0 when none does).
    func line(of text: String) -> Int { (lines.firstIndex { $0.contains(text) } ?? -1) + 1 }
}

/// Where calls are in PanicFixture's Scenarios.swift (`line:column`).
enum ScenarioLines {
    static let file = FixtureSource("PanicFixture/Scenarios.swift")

    static func location(of call: String) -> String { file.lineColumn(of: call) }
    static func line(of text: String) -> Int { file.line(of: text) }

    static var uncaught: String { location(of: "panic(\"boom\")") }
    static var hookPanics: String { location(of: "panic(\"the hook panicked\")") }
    static var customHook: String { location(of: "panic(\"via custom hook\")") }
}

/// Where calls are in StartFixture's Scenarios.swift (`StartFixture/Scenarios.swift:line:column`).
enum StartScenarioLines {
    static let file = FixtureSource("StartFixture/Scenarios.swift")
    static func location(of call: String) -> String { file.location(of: call) }
}

/// Where calls are in PanicFixture's ReliabilityScenarios.swift (`fileID:line:column`).
enum ReliabilityLines {
    static let file = FixtureSource("PanicFixture/ReliabilityScenarios.swift")
    static func location(of call: String) -> String { file.location(of: call) }
}
