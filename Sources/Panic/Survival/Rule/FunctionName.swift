// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// What the survival rule reads in a function's name: its module (from the
/// mangled name) and its qualified name without types (from the demangled one).
enum FunctionName {
    /// The module a mangled Swift name belongs to (`Swift` for the standard
    /// library's substitutions), or nil when it is not a Swift name.
    static func swiftModule(ofMangled mangled: String) -> String? {
        var rest = Substring(mangled)
        for prefix in ["_$s", "$s", "$S", "_T0"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            return module(atStartOf: rest)
        }
        return nil
    }

    /// The module of a symbol's Swift function, or nil when it is not Swift.
    /// A specialization is read from its demangled text, which names the
    /// function specialized (its mangled name may begin with a constant
    /// argument's own).
    static func swiftModule(of symbol: Backtrace.Symbol) -> String? {
        guard let mangled = symbol.mangledName, let fromMangling = swiftModule(ofMangled: mangled) else { return nil }
        if symbol.name.contains("specialization <"),
           let first = qualified(symbol.name).split(separator: ".").first, !first.contains(" "), !first.isEmpty {
            return String(first)
        }
        return fromMangling
    }

    private static func module(atStartOf rest: Substring) -> String? {
        guard let first = rest.first else { return nil }
        if first == "s" { return "Swift" }
        if first == "S" {
            // `So`: a type imported from C or Objective-C; any other `S`: a standard substitution.
            return rest.dropFirst().first == "o" ? "__C" : "Swift"
        }
        guard first.isASCII, first.isNumber else { return nil }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let length = Int(digits), length > 0 else { return nil }
        let name = rest.dropFirst(digits.count).prefix(length)
        return name.count == length ? String(name) : nil
    }

    /// True for a reabstraction thunk, specialized or partially applied or
    /// not (`…TR`, `…TRTA`, `…TR4…Tg5`): it only forwards.
    static func isThunk(mangled: String, demangled: String) -> Bool {
        mangled.hasSuffix("TR") || mangled.hasSuffix("Tr") || mangled.hasSuffix("TRTA") || mangled.hasSuffix("TrTA")
            || demangled.contains("reabstraction thunk helper")
    }

    /// The function a demangled name speaks of, without its types:
    /// `Swift.MutableCollection.sort` for a specialization of `sort(by:)` or a
    /// closure inside it, `Swift.Array.subscript.getter` for the getter.
    static func qualified(_ demangled: String) -> String {
        var text = Substring(demangled)
        var changed = true
        while changed {
            changed = false
            for prefix in ["merged ", "specialized ", "partial apply forwarder for ", "protocol witness for ", "static ", "dispatch thunk of "]
            where text.hasPrefix(prefix) {
                text = text.dropFirst(prefix.count)
                changed = true
            }
            // A specialization's description ends at its first `> of `
            // (its contents, mangled names and types, hold no such run).
            for prefix in ["generic specialization <", "function signature specialization <", "generic partial specialization <",
                           "generic not re-abstracted specialization <", "generic not-reabstracted specialization <"]
            where text.hasPrefix(prefix) {
                if let end = firstRange(of: "> of ", in: text) {
                    text = text[end...]
                    changed = true
                }
            }
            for prefix in ["closure #", "implicit closure #"] where text.hasPrefix(prefix) {
                if let context = afterTopLevel(text, marker: " in ") {
                    text = context
                    changed = true
                }
            }
        }
        // `(extension in Swift):Swift.Sequence.map` is `Swift.Sequence.map`.
        if text.hasPrefix("(extension in "), let close = text.firstIndex(of: ")"),
           text[text.index(after: close)...].hasPrefix(":") {
            text = text[text.index(close, offsetBy: 2)...]
        }
        text = Substring(withoutPrivateDiscriminators(text))
        // Up to the first parenthesis, without generic groups
        // (`Swift.MutableCollection< where A: …>.sort`), and no accessor type.
        var name = ""
        var depth = 0
        var previous: Character = " "
        for character in text {
            if character == "<" { depth += 1 }
            else if character == ">" && previous != "-" && depth > 0 { depth -= 1 }
            else if depth == 0 {
                if character == "(" || character == ":" { break }
                name.append(character)
            }
            previous = character
        }
        return String(Substring(name).trimmingSpaces)
    }

    /// `Module.(Name in _0123ABC).f` as `Module.Name.f`.
    private static func withoutPrivateDiscriminators(_ text: Substring) -> String {
        var result = ""
        var rest = text
        while let open = rest.firstIndex(of: "(") {
            guard open > rest.startIndex, rest[rest.index(before: open)] == ".",
                  let close = rest[open...].firstIndex(of: ")") else { break }
            let inner = rest[rest.index(after: open)..<close]
            guard let marker = afterTopLevel(inner, marker: " in _") else { break }
            result += rest[..<open]
            result += inner[..<inner.index(marker.startIndex, offsetBy: -5)]
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// True for a closure whose own type takes `inout` state and returns a
    /// `sending` result (`closure #1 (inout Swift.Int) -> sending () in …`).
    static func isLentStateClosure(_ demangled: String) -> Bool {
        var text = Substring(demangled)
        for prefix in ["merged ", "specialized "] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        guard text.hasPrefix("closure #"), let context = afterTopLevel(text, marker: " in ") else { return false }
        let type = text[..<context.startIndex]
        return type.contains("inout ") && (type.contains("-> sending") || type.contains("sending inout"))
    }

    /// The index right after the first `marker` in `text`.
    private static func firstRange(of marker: String, in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix(marker) { return text.index(index, offsetBy: marker.count) }
            index = text.index(after: index)
        }
        return nil
    }

    /// The text after the first `marker` outside brackets (a closure's type
    /// may contain the marker's words).
    private static func afterTopLevel(_ text: Substring, marker: String) -> Substring? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<" || character == "(" || character == "[" { depth += 1 }
            else if character == ">" && index > text.startIndex && text[text.index(before: index)] == "-" { /* an arrow */ }
            else if character == ">" || character == ")" || character == "]" { depth -= 1 }
            else if depth == 0 && text[index...].hasPrefix(marker) {
                return text[text.index(index, offsetBy: marker.count)...]
            }
            index = text.index(after: index)
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
#endif
