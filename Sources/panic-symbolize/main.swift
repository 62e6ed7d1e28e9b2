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
/// The output, one entry per input line (a trace's entry holds the whole rewritten trace).
var output: [[UInt8]] = []
output.reserveCapacity(lines.count)
/// The last report header seen (`thread '…' (…) panicked at <unknown>:`) and where its message starts.
var header: (line: Int, message: Int)?
var index = 0
while index < lines.count {
    if let trace = ReportTrace.parse(lines, from: index) {
        let (text, trap) = symbolizer.symbolize(trace)
        if let trap, let header { ReportHeader.complete(&output, header: header.line, message: header.message, with: trap) }
        header = nil
        output.append(Array(text.utf8))
        index += trace.inputLineCount
        continue
    }
    if let line = lines[index], ReportHeader.isUnknownLocation(line) { header = (output.count, output.count + 1) }
    var bytes = Array(rawLines[index])
    if index + 1 < rawLines.count || endsWithNewline { bytes.append(0x0A) }
    output.append(bytes)
    index += 1
}
writeAll(1, output.joined())
for warning in files.warnings { writeAll(2, "panic-symbolize: \(warning)\n".utf8) }
