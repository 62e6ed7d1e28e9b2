import Foundation

/// `line:column` of calls in the fixture's Scenarios.swift, found by reading
/// the source, so that the expected reports follow the file when it changes.
/// Swift's `#column` in a default argument is the column of the call's `(`.
enum ScenarioLines {
    static let source: [String] = {
        let here = URL(fileURLWithPath: #filePath)
        let file = here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/PanicFixture/Scenarios.swift")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.components(separatedBy: "\n")
    }()

    /// The location of the first call written as `call` in the fixture.
    static func location(of call: String) -> String {
        for (index, line) in source.enumerated() {
            if let range = line.range(of: call) {
                let paren = line[range].firstIndex(of: "(")!
                let column = line.distance(from: line.startIndex, to: paren) + 1
                return "\(index + 1):\(column)"
            }
        }
        return "<\(call) not found in Scenarios.swift>"
    }

    /// The line of the first line containing `text`.
    static func line(of text: String) -> Int {
        (source.firstIndex { $0.contains(text) } ?? -1) + 1
    }

    static var uncaught: String { location(of: "panic(\"boom\")") }
    static var hookPanics: String { location(of: "panic(\"the hook panicked\")") }
    static var customHook: String { location(of: "panic(\"via custom hook\")") }
}
