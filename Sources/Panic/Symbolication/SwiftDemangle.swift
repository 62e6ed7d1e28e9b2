import CUnwind

/// Names from the binary, readable: the Swift runtime's demangler.
enum SwiftDemangle {
    /// The demangled form of a Swift symbol, or nil when `mangled` is not one.
    static func demangle(_ mangled: String) -> String? {
        if mangled.hasPrefix("_Z") { return demangleCxx(mangled) }
        guard mangled.hasPrefix("$s") || mangled.hasPrefix("_$s") || mangled.hasPrefix("$S") || mangled.hasPrefix("_T") else { return nil }
        return mangled.withCString { pointer -> String? in
            guard let raw = swift_demangle(pointer, strlen(pointer), nil, nil, 0) else { return nil }
            defer { free(raw) }
            return String(cString: raw)
        }
    }

    private typealias CxxDemangler = @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int32>?
    ) -> UnsafeMutablePointer<CChar>?

    /// The C++ runtime's demangler, when one is loaded (the Swift runtime
    /// brings libstdc++); looked up at run time, so nothing links against it.
    private static let cxxDemangler: CxxDemangler? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__cxa_demangle") else { return nil }
        return unsafeBitCast(symbol, to: CxxDemangler.self)
    }()

    /// `swift::runJobInEstablishedExecutorContext(swift::Job*)` for `_ZN5swift34run…`.
    static func demangleCxx(_ mangled: String) -> String? {
        guard let cxxDemangler else { return nil }
        return mangled.withCString { pointer -> String? in
            var status: Int32 = 0
            guard let raw = cxxDemangler(pointer, nil, nil, &status), status == 0 else { return nil }
            defer { free(raw) }
            return String(cString: raw)
        }
    }
}
