import Glibc
import PanicRuntime
import PanicTesting
import Testing

/// The Swift runtime's exclusivity entry points (libswiftCore), looked up by
/// name, to begin and end tracked accesses by hand. `buffer` is the
/// three-word scratch space the compiler gives each access: the runtime
/// keeps its record there. (Swift 6 code ends the reads of globals and class
/// properties before the call that uses the value, so long reads that a
/// panic can interrupt are made here directly.)
struct ManualAccess {
    private typealias Begin = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UInt, UnsafeRawPointer?) -> Void
    private typealias End = @convention(c) (UnsafeMutableRawPointer) -> Void
    private let beginAccess: Begin
    private let endAccess: End

    /// ExclusivityFlags: tracked, with the action 0 (read) or 1 (modify).
    static let read: UInt = 0x20, modify: UInt = 0x21

    init() throws {
        beginAccess = unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "swift_beginAccess")), to: Begin.self)
        endAccess = unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "swift_endAccess")), to: End.self)
    }

    func begin(_ variable: UnsafeMutableRawPointer, record: UnsafeMutableRawPointer, _ action: UInt, pc: UInt = 0x1000) {
        beginAccess(variable, record, action, UnsafeRawPointer(bitPattern: pc))
    }

    func end(record: UnsafeMutableRawPointer) { endAccess(record) }
}

/// The canary for the runtime's private access record that CUnwind reads
/// (CatchFrameInternal.h, `cunwind_access_record`), and the rule built on
/// it: when a panic reaches a `catchUnwind`, the records at the front of
/// the thread's set that lie in the skipped frames are put aside, and an
/// unfinished modification among them ends the process.
@Suite("The Swift runtime's access records and catchUnwind")
struct AccessRecordLayoutTests {
    @Test("three words: the variable, the pc, the next record with the action in its low bit")
    func accessRecordLayout() throws {
        let access = try ManualAccess()
        let first = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
        let second = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
        let outer = UnsafeMutablePointer<UInt>.allocate(capacity: 3)
        let inner = UnsafeMutablePointer<UInt>.allocate(capacity: 3)
        defer {
            first.deallocate(); second.deallocate()
            outer.deallocate(); inner.deallocate()
        }
        access.begin(first, record: outer, ManualAccess.read, pc: 0x1000)
        access.begin(second, record: inner, ManualAccess.modify, pc: 0x2000)
        let innerWords = (inner[0], inner[1], inner[2])
        let outerWords = (outer[0], outer[1], outer[2] & 1)
        access.end(record: inner)
        access.end(record: outer)

        #expect(innerWords.0 == UInt(bitPattern: second))
        #expect(innerWords.1 == 0x2000)
        // The newest record points at the one before it, and says "modify".
        #expect(innerWords.2 == UInt(bitPattern: outer) | 1)
        #expect(outerWords.0 == UInt(bitPattern: first))
        #expect(outerWords.1 == 0x1000)
        #expect(outerWords.2 == 0)
    }

    #if !PanicAbort
    // Failures here stop the test process: a record wrongly put aside makes
    // its end fail ("access not found"), and a stale one makes the next
    // modification of the variable fail as a simultaneous access.
    @Test("a caught panic puts aside the reads begun inside the frame, and only those, 200 times")
    func readsInsideTheFramePutAside() throws {
        let access = try ManualAccess()
        let variable = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
        let modify = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 8)
        defer { variable.deallocate(); modify.deallocate() }

        // Every record lives on the stack, as the compiler's do: a read
        // begun before the frames opened, in a shallower frame.
        withUnsafeTemporaryAllocation(byteCount: 24, alignment: 8) { outer in
            access.begin(variable, record: outer.baseAddress!, ManualAccess.read)
            for round in 0..<100 {
                // Two reads inside the frame, their records in the skipped frames.
                expectPanic(containing: "inside two reads \(round)") {
                    withUnsafeTemporaryAllocation(byteCount: 48, alignment: 8) { records in
                        access.begin(variable, record: records.baseAddress!, ManualAccess.read)
                        access.begin(variable, record: records.baseAddress! + 24, ManualAccess.read)
                        panic("inside two reads \(round)")
                    }
                }
                // Nested frames: a read begun between them outlives the inner catch.
                let outerFrame = catchUnwind { () -> Int in
                    withUnsafeTemporaryAllocation(byteCount: 24, alignment: 8) { between in
                        access.begin(variable, record: between.baseAddress!, ManualAccess.read)
                        expectPanic(containing: "inner") {
                            withUnsafeTemporaryAllocation(byteCount: 24, alignment: 8) { record in
                                access.begin(variable, record: record.baseAddress!, ManualAccess.read)
                                panic("inner")
                            }
                        }
                        access.end(record: between.baseAddress!)
                    }
                    return round
                }
                #expect((try? outerFrame.get()) == round)
            }
            access.end(record: outer.baseAddress!)
        }
        // No read is left in the set: a modification of the variable is alone.
        access.begin(variable, record: modify, ManualAccess.modify)
        access.end(record: modify)
    }
    #endif
}
