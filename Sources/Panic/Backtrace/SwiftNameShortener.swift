/// Shortens a demangled Swift name for short backtraces: parameter lists
/// become their labels and result types go, as Swift writes a function's
/// name in source.
///
///     static App.Orders.find(id: Swift.Int) throws -> App.Order   →  static App.Orders.find(id:)
///     closure #1 () -> Swift.Int in App.main() -> ()             →  closure #1 in App.main()
///
/// Names that are not Swift, or that it cannot follow, come back unchanged.
package enum SwiftNameShortener {
    package static func shorten(_ name: String) -> String {
        let characters = Array(withoutOptimizerPrefixes(name))
        var out = ""
        out.reserveCapacity(characters.count)
        var index = 0
        var angle = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "<":
                // `->` is an arrow, not an angle bracket.
                if index > 0 && characters[index - 1] == "-" { out.append(character) } else { angle += 1; out.append(character) }
                index += 1
            case ">":
                if index > 0 && characters[index - 1] == "-" { out.append(character) } else { angle = max(0, angle - 1); out.append(character) }
                index += 1
            case " " where angle == 0 && characters[index...].starts(with: [" ", ":", " "]):
                // ` : Type` after an accessor or a variable.
                index = skipType(characters, from: index + 3)
            case "(" where angle == 0:
                guard let close = matching(characters, from: index) else { return name }
                let inside = String(characters[(index + 1)..<close])
                let previous = index > 0 ? characters[index - 1] : "("
                if previous == "(" {
                    // `(1) suspend resume partial function for …`: not a parameter list.
                    out += "(" + inside + ")"
                    index = close + 1
                    continue
                }
                if previous == " " {
                    // A closure's or thunk's signature: `closure #1 @Sendable (…) -> T in …`.
                    if out.hasSuffix(" ") { out.removeLast() }
                    while let space = out.lastIndex(of: " "), out[out.index(after: space)...].hasPrefix("@") {
                        out.removeSubrange(space...)
                    }
                } else {
                    out += "(" + labels(inside) + ")"
                }
                index = skipResult(characters, from: close + 1)
            default:
                out.append(character)
                index += 1
            }
        }
        return out
    }

    /// The optimizer's words before a name: `merged `, `generic specialization <…> of `,
    /// `function signature specialization <…> of ` (any number of them).
    private static func withoutOptimizerPrefixes(_ name: String) -> Substring {
        var rest = Substring(name)
        while true {
            if rest.hasPrefix("merged ") {
                rest = rest.dropFirst("merged ".count)
                continue
            }
            let specialization = ["generic specialization <", "function signature specialization <", "generic partial specialization <"]
                .first { rest.hasPrefix($0) }
            guard let specialization else { return rest }
            // Skip to the `>` that closes the opening `<`, then ` of `.
            var depth = 0
            var index = rest.index(rest.startIndex, offsetBy: specialization.count - 1)
            var closed: Substring.Index?
            while index < rest.endIndex {
                let character = rest[index]
                let arrow = index > rest.startIndex && rest[rest.index(before: index)] == "-"
                if character == "<" && !arrow { depth += 1 }
                if character == ">" && !arrow {
                    depth -= 1
                    if depth == 0 { closed = index; break }
                }
                index = rest.index(after: index)
            }
            guard let closed, rest[rest.index(after: closed)...].hasPrefix(" of ") else { return rest }
            rest = rest[rest.index(closed, offsetBy: 5)...]
        }
    }

    /// The index after a type that starts at `start`: up to ` in ` or the end.
    private static func skipType(_ characters: [Character], from start: Int) -> Int {
        var index = start
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            let arrow = index > 0 && characters[index - 1] == "-"
            switch character {
            case "(", "[": depth += 1
            case "<" where !arrow: depth += 1
            case ")", "]": depth -= 1
            case ">" where !arrow: depth -= 1
            case " " where depth == 0 && characters[index...].starts(with: [" ", "i", "n", " "]):
                return index
            default: break
            }
            index += 1
        }
        return index
    }

    /// The index of the `)` closing the `(` at `open`.
    private static func matching(_ characters: [Character], from open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < characters.count {
            switch characters[index] {
            case "(", "[": depth += 1
            case ")", "]":
                depth -= 1
                if depth == 0 { return characters[index] == ")" ? index : nil }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// `id:count:` from `id: Swift.Int, count: Swift.Int`; `_:` for unlabelled ones.
    private static func labels(_ parameters: String) -> String {
        var result = ""
        var depth = 0
        var current = ""
        func flush() {
            let part = current.trimmingSpaces
            current = ""
            guard !part.isEmpty else { return }
            if let colon = part.firstIndex(of: ":"), !part[..<colon].contains(where: { "<([ .".contains($0) }) {
                result += part[..<colon] + ":"
            } else {
                result += "_:"
            }
        }
        for character in parameters {
            switch character {
            case "(", "<", "[": depth += 1
            case ")", ">", "]": depth -= 1
            default: break
            }
            if character == "," && depth == 0 { flush() } else { current.append(character) }
        }
        flush()
        return result
    }

    /// Skips ` async`, ` throws`, ` throws(E)` and ` -> Result` after a parameter list, up to ` in ` or the end.
    private static func skipResult(_ characters: [Character], from start: Int) -> Int {
        var index = start
        let rest = String(characters[start...])
        guard rest.hasPrefix(" -> ") || rest.hasPrefix(" async") || rest.hasPrefix(" throws") || rest.hasPrefix(" rethrows") else {
            return start
        }
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "(", "<", "[":
                if !(character == "<" && index > 0 && characters[index - 1] == "-") { depth += 1 }
            case ")", ">", "]":
                if !(character == ">" && index > 0 && characters[index - 1] == "-") { depth -= 1 }
            case " " where depth == 0:
                if String(characters[index...]).hasPrefix(" in ") { return index }
            default: break
            }
            index += 1
        }
        return index
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
