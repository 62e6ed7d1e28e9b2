import Dispatch
import Foundation
import Glibc
import Panic
import PanicRuntime
import Synchronization

// The shapes of the second hostile audit (docs/GUARANTEES.md, "Surviving a
// caught panic"): locks of every kind, task-local bindings, the standard
// library's in-place operations calling user code, and the plain code that
// must stay caught.

/// A pthread mutex wrapper written as NIOLock is.
final class PthreadLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    func lock() { pthread_mutex_lock(mutex) }
    func tryLock() -> Bool { pthread_mutex_trylock(mutex) == 0 }
    func unlock() { pthread_mutex_unlock(mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// A value behind a PthreadLock, as NIOLockedValueBox keeps one.
final class LockedValueBox<Value>: @unchecked Sendable {
    private let lock = PthreadLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLockedValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&value) }
    }
    func tryLock() -> Bool { let got = lock.tryLock(); if got { lock.unlock() }; return got }
}

/// A pthread rwlock wrapper.
final class ReadWriteLock: @unchecked Sendable {
    private let rwlock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
    init() { pthread_rwlock_init(rwlock, nil) }
    func write<T>(_ body: () -> T) -> T { pthread_rwlock_wrlock(rwlock); defer { pthread_rwlock_unlock(rwlock) }; return body() }
    func read<T>(_ body: () -> T) -> T { pthread_rwlock_rdlock(rwlock); defer { pthread_rwlock_unlock(rwlock) }; return body() }
    func tryWrite() -> Bool { let got = pthread_rwlock_trywrlock(rwlock) == 0; if got { pthread_rwlock_unlock(rwlock) }; return got }
}

let nsLock = NSLock()
let recursiveLock = NSRecursiveLock()
let condition = NSCondition()
let pthreadLock = PthreadLock()
let lockedBox = LockedValueBox([1, 2, 3])
let readWriteLock = ReadWriteLock()
let semaphore = DispatchSemaphore(value: 1)

enum Context {
    @TaskLocal static var id = 0
}

/// The comparator handed to qsort: a Swift function called from C.
let panickingComparator: @convention(c) (UnsafeRawPointer?, UnsafeRawPointer?) -> Int32 = { _, _ in
    panic("comparator panicked")
}

/// A sequence whose iterator panics after `after` elements.
struct PanickingSequence: Sequence, IteratorProtocol {
    var after: Int
    var produced = 0
    mutating func next() -> Int? {
        if produced == after { panic("the sequence failed at \(produced)") }
        produced += 1
        return produced
    }
    var underestimatedCount: Int { after + 8 }
}

/// An element whose deinit panics.
final class Fragile {
    let id: Int
    init(_ id: Int) { self.id = id }
    deinit { if id == 3 { panic("deinit of element \(id) failed") } }
}

/// A key whose hash panics.
struct BadKey: Hashable {
    let value: Int
    func hash(into hasher: inout Hasher) {
        if value == 7 { panic("hash of \(value) failed") }
        hasher.combine(value)
    }
}

/// A value whose Decodable initializer panics.
struct Order: Decodable {
    let items: [Int]
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([Int].self, forKey: .items)
        if items.isEmpty { panic("order has no items") }
    }
    enum CodingKeys: String, CodingKey { case items }
}

final class Settings {
    lazy var limit: Int = { if attempts < 1 { attempts += 1; panic("limit not ready") }; return 42 }()
    var attempts = 0
}

/// A plain reference.
final class Tracked {
    let id: Int
    init(_ id: Int) { self.id = id }
}

/// Catches `body`'s panic without a word.
func expectCaughtQuietly(_ body: () -> Void) { _ = catchUnwind(body) }

/// Runs an async body on a task and waits for it (the fixture's main is synchronous).
func onTask(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}

enum SurvivalShapes {
    static let all: [String: @Sendable () -> Void] = [
        // Locks: state 2, whatever the lock.
        "nslock-defer": {
            quiet()
            expectCaught { nsLock.lock(); defer { nsLock.unlock() }; panic("inside NSLock") }
            onOtherThread { say("other thread could lock: \(nsLock.try())") }
            say("survived: NSLock")
        },
        "nslock-withlock": {
            quiet()
            expectCaught { nsLock.withLock { () -> Void in panic("inside NSLock.withLock") } }
            say("survived: NSLock.withLock")
        },
        "nsrecursivelock": {
            quiet()
            expectCaught { recursiveLock.lock(); recursiveLock.lock(); defer { recursiveLock.unlock(); recursiveLock.unlock() }; panic("inside NSRecursiveLock") }
            say("survived: NSRecursiveLock")
        },
        "nscondition": {
            quiet()
            expectCaught { condition.lock(); defer { condition.unlock() }; panic("inside NSCondition") }
            say("survived: NSCondition")
        },
        "pthread-wrapper": {
            quiet()
            expectCaught { pthreadLock.withLock { () -> Void in panic("inside a pthread mutex") } }
            say("survived: pthread wrapper")
        },
        "locked-value-box": {
            quiet()
            expectCaught { lockedBox.withLockedValue { value in value.append(4); panic("inside withLockedValue") } }
            say("survived: locked value box")
        },
        "pthread-rwlock": {
            quiet()
            expectCaught { readWriteLock.write { () -> Void in panic("inside a write lock") } }
            say("survived: rwlock")
        },
        "pthread-rwlock-read": {
            quiet()
            expectCaught { readWriteLock.read { () -> Void in panic("inside a read lock") } }
            say("survived: rwlock read")
        },
        "lock-on-trap": {
            quiet()
            let empty: [Int] = []
            expectCaught { nsLock.withLock { _ = empty[3] } }
            say("survived: trap under NSLock")
        },
        // Not detected (documented): a semaphore has no owner to check. State 1, the semaphore still taken.
        "semaphore-lock": {
            quiet()
            expectCaught { semaphore.wait(); defer { semaphore.signal() }; panic("inside a semaphore") }
            let free = semaphore.wait(timeout: .now()) == .success
            say("semaphore free after the panic: \(free)")
            semaphore.signal()
            if !free { semaphore.signal() }
            say("survived: semaphore")
        },
        // Locks taken and released inside, or held from before: caught.
        "lock-released-before": {
            quiet()
            expectCaught { nsLock.withLock { }; pthreadLock.withLock { }; panic("after the locks") }
            nsLock.lock(); nsLock.unlock()
            say("survived: released locks")
        },
        "lock-held-from-outside": {
            quiet()
            nsLock.lock()
            expectCaught { panic("while the caller holds a lock") }
            nsLock.unlock()
            onOtherThread { say("other thread could lock: \(nsLock.try())"); nsLock.unlock() }
            say("survived: outer lock")
        },
        // Task-local bindings: popped back (state 1).
        "task-local-thread": {
            quiet()
            var caught = 0
            for round in 0..<1000 {
                let outcome = catchUnwind {
                    Context.$id.withValue(round + 1) {
                        Context.$id.withValue(-1) { panic("bound \(Context.id)") }
                    }
                }
                if case .failure = outcome { caught += 1 }
                if Context.id != 0 { say("stale value \(Context.id)"); break }
            }
            say("after: \(Context.id), caught \(caught)")
            say("survived: task locals on a thread")
        },
        "task-local-task": {
            quiet()
            onTask {
                await Context.$id.withValue(5) {
                    for round in 0..<200 {
                        _ = catchUnwind { Context.$id.withValue(round) { panic("bound") } }
                        if Context.id != 5 { say("stale value \(Context.id)"); return }
                    }
                    async let child = Context.id
                    let seen = await child
                    let grouped = await withTaskGroup(of: Int.self) { group in
                        group.addTask { Context.id }
                        return await group.next() ?? -1
                    }
                    say("after: \(Context.id), child \(seen), group \(grouped)")
                }
                say("outside: \(Context.id)")
            }
            say("survived: task locals in a task")
        },
        "task-local-server": {
            quiet()
            onTask {
                for request in 1...3 {
                    await Context.$id.withValue(request) {
                        _ = catchUnwind { Context.$id.withValue(request * 100) { panic("request \(request) failed") } }
                        await Task.yield()
                        say("request \(request) served with id \(Context.id)")
                    }
                }
            }
            say("survived: server")
        },
        // The standard library's in-place operations calling user code: state 2.
        "sort-comparator": {
            quiet()
            var values = Array((0..<100).reversed())
            expectCaught { values.sort { left, right in if left == 50 { panic("comparator failed") }; return left < right } }
            say("survived: \(values.count) values, sum \(values.reduce(0, +))")
        },
        "append-contents-of": {
            quiet()
            var values = [1, 2, 3]
            expectCaught { values.append(contentsOf: PanickingSequence(after: 100)) }
            say("survived: \(values.count) values")
        },
        "removeall-deinit": {
            quiet()
            var values = (0..<6).map(Fragile.init)
            expectCaught { values.removeAll(keepingCapacity: true) }
            say("survived: \(values.count) values")
        },
        "dictionary-local-append": {
            quiet()
            var table = ["a": [1, 2, 3]]
            expectCaught { table["a"]!.append(contentsOf: PanickingSequence(after: 50)) }
            say("survived: \(table["a"]?.count ?? -1) values")
        },
        "set-form-union": {
            quiet()
            var keys: Set<BadKey> = [BadKey(value: 1)]
            expectCaught { keys.formUnion((2..<10).map(BadKey.init)) }
            say("survived: \(keys.count) keys")
        },
        // libc's qsort calling a Swift comparator: the C library sorts in place.
        "qsort-comparator": {
            quiet()
            var numbers: [Int32] = [3, 1, 2]
            numbers.withUnsafeMutableBytes { bytes in
                expectCaught { qsort(bytes.baseAddress!, 3, MemoryLayout<Int32>.stride, panickingComparator) }
            }
            say("survived: \(numbers)")
        },
        "unsafe-mutable-buffer": {
            quiet()
            var values = [1, 2, 3]
            expectCaught { values.withUnsafeMutableBufferPointer { buffer in buffer[0] = 9; panic("inside the buffer") } }
            say("survived: \(values)")
        },
        // The last store before a panic, in an optimized build (documented, not detected).
        "store-before-panic": {
            quiet()
            var items = [Tracked(10), Tracked(11)]
            var kept = 0
            for round in 0..<1000 {
                expectCaughtQuietly { items = [Tracked(round), Tracked(round + 1)]; panic("after the store") }
                kept &+= items[0].id
            }
            say("survived: read back \(items.count) items, \(kept)")
        },
        // Plain user code: state 1.
        "compute-then-assign": {
            quiet()
            var values = [1, 2, 3]
            expectCaught { values = values.map { if $0 == 2 { panic("map failed") }; return $0 * 10 } }
            say("survived: \(values)")
        },
        "local-subscript-append": {
            quiet()
            var values = [1, 2, 3]
            expectCaught { values.append(4); values[1] += 1; _ = values[10] }
            say("survived: \(values)")
        },
        "lazy-var": {
            quiet()
            let settings = Settings()
            expectCaught { _ = settings.limit }
            say("survived: limit \(settings.limit)")
        },
        "json-decoder": {
            quiet()
            let data = Data(#"{"items": []}"#.utf8)
            expectCaught { _ = try? JSONDecoder().decode(Order.self, from: data) }
            let good = try? JSONDecoder().decode(Order.self, from: Data(#"{"items": [1]}"#.utf8))
            say("survived: decoded \(good?.items ?? [])")
        },
        "reduce-filter-foreach": {
            quiet()
            let values = Array(1...10)
            expectCaught { _ = values.filter { $0 < 5 }.reduce(0) { total, value in if value == 3 { panic("reduce failed") }; return total + value } }
            expectCaught { values.forEach { if $0 == 4 { panic("forEach failed") } } }
            expectCaught { _ = values.contains { if $0 == 9 { panic("contains failed") }; return false } }
            say("survived: \(values.count)")
        },
    ]
}
