/// The command line of panic-symbolize.
struct Options {
    /// Binaries and debug files given by the user, in order.
    var files: [String] = []
    /// Directories holding `.build-id/xx/rest.debug` files; the system's last.
    var debugDirectories: [String] = []
    var help = false

    static let systemDebugDirectory = "/usr/lib/debug"

    static let usage = """
    usage: panic-symbolize [--debug-file FILE]... [--debug-dir DIR]... [BINARY]... < report

    Reads a panic report (or a log holding reports) on stdin and prints it
    with the frames of stripped binaries, `image+0xOFFSET (build-id …)`,
    resolved to names and file:line:column, trimmed as the runtime trims:
    short style when the report was short, full when it was full. Every
    other line is printed as it came.

    An image's file is found, in order: a BINARY or --debug-file with the
    report's build id; DIR/.build-id/xx/rest.debug under each --debug-dir,
    then under \(systemDebugDirectory); a BINARY or --debug-file named as the
    image (`app`, `app.debug`) when the report has no build id. A file of
    another build is never used.

      BINARY             the unstripped executable or library
      --debug-file FILE  a separate debug file (objcopy --only-keep-debug)
      --debug-dir DIR    a directory with a .build-id tree (repeatable)
      -h, --help         this text

    Exit status: 0; 1 when a file given cannot be read; 2 on a bad option.
    """

    /// Parses the arguments (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        func value(_ option: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count, !arguments[index].isEmpty else { throw UsageError(message: "\(option) needs a value") }
            return arguments[index]
        }
        var onlyFiles = false
        while index < arguments.count {
            let argument = arguments[index]
            if onlyFiles || !argument.hasPrefix("-") || argument == "-" {
                guard argument != "-" else { throw UsageError(message: "the report is read from stdin; `-` is not a file") }
                options.files.append(argument)
            } else if argument == "--" {
                onlyFiles = true
            } else if argument == "-h" || argument == "--help" {
                options.help = true
            } else if argument == "--debug-file" {
                options.files.append(try value(argument))
            } else if argument.hasPrefix("--debug-file=") {
                options.files.append(String(argument.dropFirst("--debug-file=".count)))
            } else if argument == "--debug-dir" {
                options.debugDirectories.append(try value(argument))
            } else if argument.hasPrefix("--debug-dir=") {
                options.debugDirectories.append(String(argument.dropFirst("--debug-dir=".count)))
            } else {
                throw UsageError(message: "unknown option \(argument)")
            }
            index += 1
        }
        options.debugDirectories.append(systemDebugDirectory)
        return options
    }
}

/// A command line that cannot be followed.
struct UsageError: Error {
    let message: String
}
