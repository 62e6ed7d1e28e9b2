import ArgumentParser
import Glibc

/// `panic-cli count FILE`: prints how many lines a file has. A file that
/// cannot be opened is an error the caller can act on: it is thrown, and
/// `start` prints `Error: …` and exits 1. Errors are for failures the user
/// can fix; panics are for bugs.
struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Count the lines of a file (a missing file is an error: exit 1).")

    @Argument(help: "The file to read.")
    var path: String

    func run() throws {
        guard let file = fopen(path, "r") else {
            throw CountError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var lines = 0
        var character = getc(file)
        while character != EOF {
            if character == 0x0A { lines += 1 }
            character = getc(file)
        }
        print(lines)
    }
}

/// Why `count` failed.
enum CountError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)

    var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
        }
    }
}
