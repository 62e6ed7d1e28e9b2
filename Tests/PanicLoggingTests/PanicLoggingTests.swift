import Logging
import PanicLogging
import PanicRuntime
import Synchronization
import Testing

/// A log handler that keeps its records.
struct RecordingHandler: LogHandler {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }
    final class Store: Sendable {
        let records = Mutex<[Record]>([])
    }
    let store: Store
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        store.records.withLock { $0.append(Record(level: level, message: message.description, metadata: metadata ?? [:])) }
    }
}

@inline(never) func panickingCaller(_ hook: @Sendable (PanicInfo) -> Void) {
    // The hook is called as the panic machinery would: from a frame below the caller.
    hook(PanicInfo(payload: "disk full", location: Panic.SourceLocation(file: "App/Store.swift", line: 7, column: 9), threadName: "worker", canUnwind: true))
}

@Suite("PanicLogging")
struct PanicLoggingTests {
    @Test("a panic becomes one critical record with location, thread and backtrace")
    func record() throws {
        let store = RecordingHandler.Store()
        let logger = Logger(label: "test") { _ in RecordingHandler(store: store) }
        let called = Atomic<Int>(0)
        let hook = PanicLogging.hook(logger: logger) { _ in called.add(1, ordering: .relaxed) }
        panickingCaller(hook)
        let records = store.records.withLock { $0 }
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.level == .critical)
        #expect(record.message == "panicked: disk full")
        #expect(record.metadata[PanicLogging.Key.location] == "App/Store.swift:7:9")
        #expect(record.metadata[PanicLogging.Key.thread] == "worker")
        #expect(record.metadata[PanicLogging.Key.canUnwind] == "true")
        #expect(record.metadata[PanicLogging.Key.payloadType] == nil)
        let trace = try #require(record.metadata[PanicLogging.Key.backtrace]?.description)
        #expect(trace.hasPrefix("stack backtrace:\n"))
        #expect(trace.contains("PanicLoggingTests.panickingCaller("), "\(trace)")
        #expect(called.load(ordering: .relaxed) == 1)
    }

    @Test("a non-string payload is named by type; backtraces can be left out")
    func nonStringPayload() throws {
        let store = RecordingHandler.Store()
        let logger = Logger(label: "test") { _ in RecordingHandler(store: store) }
        let hook = PanicLogging.hook(logger: logger, backtraceStyle: .off)
        hook(PanicInfo(payload: 42, location: Panic.SourceLocation(file: "a", line: 1, column: 1), threadName: nil, canUnwind: false))
        let record = try #require(store.records.withLock { $0.first })
        #expect(record.message == "panicked: <non-string payload of type Swift.Int>")
        #expect(record.metadata[PanicLogging.Key.payloadType] == "Swift.Int")
        #expect(record.metadata[PanicLogging.Key.thread] == "<unnamed>")
        #expect(record.metadata[PanicLogging.Key.backtrace] == nil)
    }
}
