// panic-symbolize: resolves the `image+0xOFFSET (build-id …)` frames of a
// panic report from a stripped binary. See Options.usage and
// docs/panic-symbolize.md.
import Glibc
import Panic

func fail(_ message: String, status: Int32) -> Never {
    writeAll(2, "panic-symbolize: \(message)\n".utf8)
    exit(status)
}

func writeAll<Bytes: Collection<UInt8>>(_ descriptor: Int32, _ bytes: Bytes) {
    let array = Array(bytes)
    var offset = 0
    while offset < array.count {
        let written = array[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            exit(errno == EPIPE ? 0 : 1)
        }
        offset += written
    }
}

/// Everything on stdin.
func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            fail("cannot read stdin: \(String(cString: strerror(errno)))", status: 1)
        }
        if count == 0 { return bytes }
        bytes += buffer[0..<count]
    }
}

signal(SIGPIPE, SIG_IGN)
let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error.message)\n\(Options.usage)", status: 2)
}
if options.help {
    writeAll(1, (Options.usage + "\n").utf8)
    exit(0)
}
var given: [OfflineImage] = []
for path in options.files {
    do {
        given.append(try OfflineImage(path: path, debugDirectories: options.debugDirectories))
    } catch {
        fail(error.description, status: 1)
    }
}
if isatty(0) == 1 { writeAll(2, "panic-symbolize: reading a report from the terminal (end with ^D)\n".utf8) }

let input = readStandardInput()
var rawLines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
let endsWithNewline = input.last == 0x0A
if endsWithNewline { rawLines.removeLast() }
let lines: [String?] = rawLines.map { String(validating: $0, as: UTF8.self) }

let files = ImageFiles(given: given, debugDirectories: options.debugDirectories)
let symbolizer = TraceSymbolizer(files: files)
var output: [UInt8] = []
output.reserveCapacity(input.count * 2)
var index = 0
while index < lines.count {
    if let trace = ReportTrace.parse(lines, from: index) {
        output += Array(symbolizer.symbolize(trace).utf8)
        index += trace.inputLineCount
        continue
    }
    output += rawLines[index]
    if index + 1 < rawLines.count || endsWithNewline { output.append(0x0A) }
    index += 1
}
writeAll(1, output)
for warning in files.warnings { writeAll(2, "panic-symbolize: \(warning)\n".utf8) }
