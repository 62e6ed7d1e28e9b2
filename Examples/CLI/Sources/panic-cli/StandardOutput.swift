import Glibc

/// A buffered writer to file descriptor 1 that reports a closed pipe instead
/// of ignoring it (`print` drops write errors, so a loop of `print`s would go
/// on writing into a pipe nobody reads).
struct StandardOutput {
    private var buffer: [UInt8] = []
    private let capacity = 64 * 1024

    /// Buffers `text`; false once stdout cannot be written to (`EPIPE`, say).
    mutating func write(_ text: String) -> Bool {
        buffer.append(contentsOf: text.utf8)
        return buffer.count < capacity || flush()
    }

    /// Writes the buffer out; false when a write fails.
    mutating func flush() -> Bool {
        var start = 0
        defer { buffer.removeAll(keepingCapacity: true) }
        return buffer.withUnsafeBytes { bytes in
            while start < bytes.count {
                let written = Glibc.write(1, bytes.baseAddress! + start, bytes.count - start)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                start += written
            }
            return true
        }
    }
}
