import Glibc
import PanicRuntime

/// The line the server prints on stdout once it listens, with the strategy it
/// was built with: `listening on 127.0.0.1:8080 (panic strategy: unwind)`.
/// Written with one `write`, so that a parent reading a pipe sees it at once.
enum Announcement {
    static func listening(host: String, port: Int) {
        let line = "listening on \(host):\(port) (panic strategy: \(panicStrategy))\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count - 1) }
    }
}
