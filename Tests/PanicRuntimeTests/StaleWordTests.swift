import CUnwind
import Testing
import PanicRuntime

#if !PanicAbort

/// Where the body's and the caller's marked words are, for the hook.
nonisolated(unsafe) var markedInBody: UnsafeMutablePointer<UInt>?
nonisolated(unsafe) var markedInCaller: UnsafeMutablePointer<UInt>?
nonisolated(unsafe) var seenAfterErase: (body: UInt, caller: UInt, bodyInSkippedStack: Bool) = (0, 0, false)

@inline(never) func keepOpaque(_ pointer: UnsafeMutablePointer<UInt>) { _ = pointer.pointee }

/// Panics inside a catchUnwind with `value` in a word of the body's frame
/// (``markedInBody``) and in one of the caller's (``markedInCaller``), for
/// the hook to look at; returns the caller's word once the panic has landed.
func landWithMarkedWords(_ value: UInt) throws -> UInt {
    try withUnsafeTemporaryAllocation(of: UInt.self, capacity: 1) { callerWord in
        callerWord[0] = value
        markedInCaller = callerWord.baseAddress
        let result = catchUnwind { () -> Int in
            withUnsafeTemporaryAllocation(of: UInt.self, capacity: 1) { bodyWord in
                bodyWord[0] = value
                markedInBody = bodyWord.baseAddress
                keepOpaque(bodyWord.baseAddress!)
                panic("marked words")
            }
        }
        markedInBody = nil
        markedInCaller = nil
        _ = try #require(result.failure)
        return callerWord[0]
    }
}

// Hooks are process-wide: these tests set their own, so they belong to the
// one serialized suite of tests that panic (a suite of their own ran beside
// it, and its hook saw the other suite's panics).
extension CatchUnwindTests {
    // A panic that lands erases, right before its jump, the words the stack
    // scan flagged (CUnwind's StaleWords): a stale return address left in a
    // live frame's unused slot would otherwise send every later panic from
    // the same place through libunwind's walk. Only words in the frames the
    // jump leaves may be erased: never one in the catching function's frame
    // or above it. Checked here from the hook, where the frames are still
    // in place, with the scan's bookkeeping driven by hand.
    @Test("only words in the frames a landing panic leaves are erased")
    func erasesOnlySkippedFrames() throws {
        let marker: UInt = 0x5EED_5EED
        let previous = takeHook()
        setHook { _ in
            guard let body = markedInBody, let caller = markedInCaller else { return }
            var low: UInt = 0, high: UInt = 0
            let skipped = cunwind_skipped_stack(&low, &high)
            let bodyAddress = UInt(bitPattern: body)
            var slots = [bodyAddress, UInt(bitPattern: caller)]
            cunwind_stale_words_keep(&slots, 2)
            cunwind_stale_words_erase()
            seenAfterErase = (body.pointee, caller.pointee, skipped && bodyAddress >= low && bodyAddress < high)
        }
        defer { setHook(previous) }
        #expect(try landWithMarkedWords(marker) == marker, "a word above the catch frame was erased")
        #expect(seenAfterErase.caller == marker)
        // Under AddressSanitizer the body's buffer is on its fake stack, not in
        // the scanned one, and stays as it is.
        #expect(seenAfterErase.body == (seenAfterErase.bodyInSkippedStack ? 0 : marker))
    }

    // The survey keeps, besides the words it flags, the slots of words that
    // lie in the scan set's span but in none of its functions (stale
    // pointers into libc or the runtime): erased too, so that the next panic
    // through the same frames does not look at them again. Driven from the
    // hook with a set of two made-up functions 1 MiB apart, and a word
    // between them in the body's frame and in the caller's.
    @Test("words near the hazardous functions are erased with the flagged ones, only in the frames left")
    func erasesNearWords() throws {
        let base: UInt = 0x7100_0000_0000
        let near = base + 0x8_0000
        let ranges: [UInt] = [base, base + 64, base + 0x10_0000, base + 0x10_0040]
        nonisolated(unsafe) let set = try #require(ranges.withUnsafeBufferPointer { cunwind_function_set_create($0.baseAddress, 2) })
        nonisolated(unsafe) var flagged: Int32 = -1
        let previous = takeHook()
        setHook { _ in
            guard markedInBody != nil else { return }
            flagged = cunwind_survey_rescan(set)
            cunwind_survey_keep_stale(flagged)
            cunwind_stale_words_erase()
            var low: UInt = 0, high: UInt = 0
            let skipped = cunwind_skipped_stack(&low, &high)
            let bodyAddress = UInt(bitPattern: markedInBody!)
            seenAfterErase = (markedInBody!.pointee, markedInCaller!.pointee, skipped && bodyAddress >= low && bodyAddress < high)
        }
        defer { setHook(previous) }
        #expect(try landWithMarkedWords(near) == near, "a word above the catch frame was erased")
        #expect(flagged == 0)
        #expect(seenAfterErase.caller == near)
        // Under AddressSanitizer the body's buffer is on its fake stack, not in
        // the scanned one, and stays as it is.
        #expect(seenAfterErase.body == (seenAfterErase.bodyInSkippedStack ? 0 : near))
    }
}

#endif
