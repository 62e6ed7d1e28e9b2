/// The command line: `PanicServer [--host ADDRESS] [--port PORT]`.
/// Port 0 asks the system for a free port (the tests use it).
struct ServerOptions {
    var host = "127.0.0.1"
    var port = 8080

    init(arguments: some Sequence<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--host": host = iterator.next() ?? host
            case "--port": port = iterator.next().flatMap { Int($0) } ?? port
            default: break
            }
        }
    }
}
