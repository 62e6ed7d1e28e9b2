import CUnwind

/// File descriptors 0, 1 and 2 as `start` leaves them (Rust's
/// `sanitize_standard_fds`): each one that is closed when the process
/// starts (`program 2>&-`) is opened on `/dev/null`. Otherwise the next
/// file the program opens would get that number, and its panic reports (or
/// its `print`s) would be written into the program's own file.
package enum StandardDescriptors {
    /// Opens `/dev/null` on each of fds 0–2 that is closed. When that fails
    /// the process cannot run safely: it aborts, as Rust's runtime does.
    package static func sanitize() {
        for descriptor: Int32 in 0...2 where !cunwind_descriptor_is_open(descriptor) {
            // open returns the lowest free descriptor: this one, since the lower ones are open.
            let opened = cunwind_open_read_write("/dev/null")
            if opened != descriptor { abort() }
        }
    }
}
