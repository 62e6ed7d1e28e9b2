import CUnwind

/// The name the OS keeps for a thread (`pthread_setname_np`, shown by `ps`,
/// `top`, debuggers and core dumps): at most 15 bytes on Linux.
package enum OSThreadName {
    /// The longest name Linux keeps, in bytes, without the terminating NUL.
    package static let byteLimit = 15

    /// `name` cut at its first NUL and to ``byteLimit`` bytes, never inside
    /// a UTF-8 sequence.
    package static func truncated(_ name: String) -> String {
        var bytes = Array(name.utf8.prefix { $0 != 0 })
        if bytes.count > byteLimit {
            var end = byteLimit
            // bytes[end] is the first byte dropped: a continuation byte means
            // the kept part would end inside a character.
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            bytes.removeSubrange(end...)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Gives the calling thread `name` (truncated) as its OS name.
    package static func setCurrent(_ name: String) {
        _ = cunwind_os_thread_name_set(truncated(name))
    }

    /// Gives the calling thread the OS name of a thread nobody named (the
    /// program's), instead of the one it inherited from the thread that made it.
    package static func resetCurrent() {
        _ = cunwind_os_thread_name_reset()
    }

    /// The calling thread's OS name.
    package static var current: String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16) { buffer in
            guard cunwind_os_thread_name_get(buffer.baseAddress!, 16) == 0 else { return "" }
            return String(cString: buffer.baseAddress!)
        }
    }
}
