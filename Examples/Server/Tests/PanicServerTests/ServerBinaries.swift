import Foundation

/// Where the two builds of the server are.
enum ServerBinaries {
    /// This package's folder (Examples/Server).
    static let packageFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The unwind build: the `PanicServer` built beside this test bundle by `swift test`.
    static var unwind: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .appendingPathComponent("PanicServer")
    }

    /// The abort build: `PANIC_SERVER_ABORT_BINARY`, else
    /// `.build-abort/debug/PanicServer`, built here with
    /// `swift build --traits PanicAbort --scratch-path .build-abort` when missing
    /// (scripts/test-examples builds it before the tests).
    static func abort() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["PANIC_SERVER_ABORT_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let scratch = packageFolder.appendingPathComponent(".build-abort")
        let binary = scratch.appendingPathComponent("debug/PanicServer")
        if !FileManager.default.isExecutableFile(atPath: binary.path) {
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            build.arguments = [
                "swift", "build", "--package-path", packageFolder.path, "--scratch-path", scratch.path,
                "--traits", "PanicAbort", "--product", "PanicServer",
            ]
            build.standardInput = FileHandle.nullDevice
            try build.run()
            build.waitUntilExit()
            guard build.terminationStatus == 0 else { throw AbortBuildFailed(status: build.terminationStatus) }
        }
        return binary
    }
}

/// `swift build --traits PanicAbort` failed.
struct AbortBuildFailed: Error, CustomStringConvertible {
    let status: Int32
    var description: String { "swift build --traits PanicAbort exited with status \(status)" }
}
