// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// The functions of the toolchain's libraries (the standard library,
/// Foundation, Dispatch, Synchronization, the Swift runtime and libc) that a
/// caught panic may jump over: each holds no lock and leaves no value half
/// changed while it runs the caller's code, or is on the path of a failure
/// that runs none. Everything else of theirs is not understood: a panic that
/// would skip it is not caught (docs/GUARANTEES.md, "Surviving a caught panic").
enum UnderstoodFunctions {
    /// The toolchain's Swift modules: their functions are judged by name.
    static let toolchainModules: Set<String> = [
        "Swift", "_Concurrency", "_StringProcessing", "RegexBuilder", "Synchronization", "Dispatch", "Observation",
        "Distributed", "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
        "FoundationXML", "Glibc", "SwiftGlibc", "Musl", "XCTest", "Testing", "_Testing_Foundation",
    ]

    /// Functions whose last name component says they make a new value or only
    /// read (the caller's code sees the value only once they return).
    static let readingOrMaking: Set<String> = [
        "map", "compactMap", "flatMap", "filter", "forEach", "reduce", "contains", "first", "firstIndex", "last",
        "lastIndex", "allSatisfy", "min", "max", "elementsEqual", "starts", "lexicographicallyPrecedes", "drop",
        "prefix", "suffix", "split", "joined", "enumerated", "reversed", "lazy", "next", "makeIterator", "init",
        "description", "debugDescription", "hash", "hashValue", "_rawHashValue", "count", "isEmpty",
        "withUnsafeBufferPointer", "withUnsafeBytes", "withCString", "withContiguousStorageIfAvailable",
        "getter", "read", "_read", "unsafeAddressor", "get", "wrappedValue",
    ]

    /// Qualified-name prefixes understood whole: failure paths (a trap or
    /// fatal error on its way to the panic), printing (its stdout lock is
    /// given back by the survival check), Codable and JSON, and other
    /// functions that hold nothing across their call into the caller's code.
    static let understoodPrefixes: [String] = [
        "Swift._assertionFailure", "Swift._fatalErrorMessage", "Swift.fatalError", "Swift.precondition",
        "Swift.preconditionFailure", "Swift._preconditionFailure", "Swift._precondition", "Swift.assert",
        "Swift.assertionFailure", "Swift._diagnoseUnexpectedNilOptional", "Swift._unimplementedInitializer",
        "Swift._debugPrecondition", "Swift._internalInvariant", "Swift.Array._checkSubscript", "Swift.Array._checkIndex",
        "Swift.ContiguousArray._checkSubscript", "Swift.ContiguousArray._checkIndex", "Swift._ArrayBuffer._checkValidSubscript",
        "Swift._ArrayBuffer._checkInoutAndNativeTypeCheckedBounds", "Swift._ContiguousArrayBuffer._checkValidSubscript",
        "Swift.print", "Swift.debugPrint", "Swift.dump", "Swift._print", "Swift._debugPrint", "Swift._dump",
        "Swift._adHocPrint_unlocked", "Swift._print_unlocked", "Swift._debugPrint_unlocked", "Swift._dumpPrint_unlocked",
        "Swift._dump_unlocked", "Swift.DefaultStringInterpolation",
        "Swift.withExtendedLifetime", "Swift.withUnsafePointer", "Swift.withUnsafeBytes", "Swift.withUnsafeTemporaryAllocation",
        "Swift._withUnsafeTemporaryAllocation", "Swift.Optional.map", "Swift.Optional.flatMap", "Swift.Result",
        "Swift.Hasher", "Swift._hashValue", "Swift.KeyedDecodingContainer", "Swift.KeyedEncodingContainer",
        "Swift._KeyedDecodingContainerBox", "Swift._KeyedEncodingContainerBox", "Swift.SingleValueDecodingContainer",
        "Swift.UnkeyedDecodingContainer", "Swift.Decodable", "Swift.Encodable", "Swift.Decoder", "Swift.Encoder",
        "Swift.withUnsafeCurrentTask", "Swift.TaskLocal.get", "Swift.TaskLocal.wrappedValue",
        "Swift.LazyMapSequence", "Swift.LazyFilterSequence", "Swift.LazySequence", "Swift.ReversedCollection",
        "Swift.EnumeratedSequence", "Swift.Zip2Sequence", "Swift.IndexingIterator", "Swift.zip", "Swift.repeatElement",
        "Swift.AnyIterator", "Swift.AnySequence", "Swift.Mirror", "Swift._Ptr", "Swift._getErrorDescription",
        "Foundation.JSON*", "FoundationEssentials.JSON*", "FoundationEssentials._JSON*",
        "FoundationEssentials.__JSON*", "FoundationEssentials.PropertyListDecoder",
        "FoundationEssentials.PropertyListEncoder", "Foundation.NotificationCenter.post", "Foundation.NSNotificationCenter.post",
        "FoundationEssentials.Data.withBufferView", "Foundation.Data.withUnsafeBytes", "FoundationEssentials.Data.withUnsafeBytes",
    ]

    /// C and C++ functions of the toolchain's libraries and libc on the path
    /// of a runtime failure or a trap (they run none of the caller's code),
    /// by the start of their (demangled) names.
    static let understoodNativePrefixes: [String] = [
        "abort", "raise", "gsignal", "pthread_kill", "__pthread_kill", "__GI_raise", "__GI_abort",
        "swift::fatalError", "swift::fatalErrorv", "swift::swift_abortRetainUnowned", "swift_abortRetainUnowned",
        "swift_dynamicCastFailure", "swift::swift_dynamicCastFailure", "swift_dynamicCast", "swift::swift_dynamicCast",
        "swift_unexpectedError", "swift_reportError", "swift::warning", "swift::reportToDebugger",
        "swift::swift_reportError", "_swift_stdlib_reportFatalError", "_swift_stdlib_reportFatalErrorInFile",
        "swift_beginAccess", "swift::swift_beginAccess", "swift::AccessSet", "swift_deletedMethodError",
        "_swift_runtime_on_report", "swift_reportFatalError",
    ]

    /// Functions that report a failure and stop (trap or abort).
    static let failurePaths: [String] = [
        "Swift._assertionFailure", "Swift._fatalErrorMessage", "Swift.fatalError", "Swift.preconditionFailure",
        "Swift._preconditionFailure", "Swift.assertionFailure", "Swift._diagnoseUnexpectedNilOptional",
        "Swift._unimplementedInitializer", "Swift._precondition", "Swift.precondition", "Swift.assert",
    ]
    static let nativeFailurePaths: [String] = [
        "abort", "raise", "gsignal", "pthread_kill", "__pthread_kill", "swift::fatalError", "swift::fatalErrorv",
        "swift::swift_abortRetainUnowned", "swift_abortRetainUnowned", "swift_dynamicCastFailure",
        "swift::swift_dynamicCastFailure", "swift_deletedMethodError", "cunwind_trap_trampoline",
        "cunwind_runtime_abort_trampoline", "Swift runtime failure",
    ]

    /// True for a Swift failure function (qualified name).
    static func isFailurePath(qualified: String) -> Bool {
        failurePaths.contains { qualified == $0 || qualified.hasPrefix($0 + " ") }
    }

    /// True for a C or C++ failure function (the package's own trap and abort
    /// trampolines included: a trap's own frame, the trapping instruction,
    /// lies right outside them).
    static func isFailurePath(nativeName: String) -> Bool {
        nativeFailurePaths.contains { nativeName.hasPrefix($0) }
    }

    /// True when a toolchain Swift function (qualified name) is understood.
    static func isUnderstood(qualified: String) -> Bool {
        // An entry ending in `*` is a plain prefix; any other names a
        // function, or a type or namespace whose members are all understood.
        if understoodPrefixes.contains(where: { entry in
            entry.hasSuffix("*") ? qualified.hasPrefix(entry.dropLast())
                : qualified == entry || qualified.hasPrefix(entry + ".") || qualified.hasPrefix(entry + " ")
        }) {
            return true
        }
        let components = qualified.split(separator: ".")
        guard let last = components.last else { return false }
        if readingOrMaking.contains(String(last)) { return true }
        // An initializer of a toolchain type (`Swift.Array.init`) makes a new value.
        return false
    }

    /// True for the synchronous `TaskLocal.withValue`, whose binding the
    /// survival check pops after the jump.
    static func isTaskLocalBinding(qualified: String, demangled: String) -> Bool {
        qualified == "Swift.TaskLocal.withValue" && !demangled.contains(" async ")
    }

    /// True when a C or C++ function of a library is understood.
    static func isUnderstood(nativeName: String) -> Bool {
        understoodNativePrefixes.contains { nativeName == $0 || nativeName.hasPrefix($0 + "(") || nativeName.hasPrefix($0 + "<") }
            || nativeName.hasPrefix("__pthread_kill")
    }
}
#endif
