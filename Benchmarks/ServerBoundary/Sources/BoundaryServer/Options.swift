/// The command line: `[--port PORT] [--boundary on|off]` (port 0: any free one).
struct Options: Sendable {
    var port = 0
    var boundary = true

    init(arguments: some Sequence<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--port": port = iterator.next().flatMap { Int($0) } ?? port
            case "--boundary": boundary = iterator.next() != "off"
            default: break
            }
        }
    }
}
