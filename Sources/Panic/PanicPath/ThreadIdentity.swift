import CUnwind

/// The name and id a panic report gives the current thread.
package enum ThreadIdentity {
    /// The name recorded with ``setCurrentName(_:)``; else `main` on the
    /// process's main thread; else the name the OS knows the thread by, when
    /// one was set (`pthread_setname_np`, as NIO and Dispatch do); else nil.
    package static var currentName: String? {
        if let recorded = cunwind_thread_name() { return String(cString: recorded) }
        if cunwind_thread_is_main() { return "main" }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16) { buffer in
            guard cunwind_thread_os_name(buffer.baseAddress!, 16) else { return nil }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// The kernel's thread id (what `gettid` returns), as Rust reports it.
    package static var currentID: Int32 { cunwind_thread_id() }

    /// Records the name panic reports give this thread; nil forgets it.
    /// A name with a NUL byte is cut at it.
    package static func setCurrentName(_ name: String?) {
        guard let name else { return cunwind_thread_set_name(nil) }
        name.withCString { cunwind_thread_set_name($0) }
    }
}
