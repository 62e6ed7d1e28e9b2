import Testing
import Panic
import PanicRuntime

#if !PanicAbort

// In the serialized suite: hooks are process-wide.
extension CatchUnwindTests {
    @Test("a panic inside a report capture is recorded there, not hooked; captures nest; other panics are hooked")
    func reportCapture() throws {
        try withRecordingHook { log throws in
            let outer = ReportCapture()
            let inner = ReportCapture()
            let result = outer.capturing {
                catchUnwind {
                    _ = inner.capturing { catchUnwind { panic("inner one") } }
                    panic("outer one")
                }
            }
            #expect(result.failure?.message == "outer one")
            #expect(log.count == 0)
            #expect(inner.text.contains(") panicked at PanicRuntimeTests/ReportCaptureTests.swift:"))
            #expect(inner.text.hasSuffix("\ninner one\n"))
            #expect(!inner.text.contains("outer one"))
            #expect(outer.text.hasSuffix("\nouter one\n"))
            #expect(!outer.text.contains("PANIC_BACKTRACE"))
            // Closed: the next panic reaches the hook again.
            _ = catchUnwind { panic("hooked") }
            #expect(log.count == 1)
            #expect(!outer.text.contains("\nhooked\n"))
        }
    }
}

#endif
