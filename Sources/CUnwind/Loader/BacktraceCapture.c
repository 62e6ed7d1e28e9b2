#include "Loader/BacktraceCapture.h"
#include "Loader/LibunwindLoader.h"
#include "Signals/StackOverflow.h"
#include <stddef.h>

__attribute__((noinline)) int cunwind_capture_backtrace(void **addresses, int capacity) {
    if (capacity <= 0) return 0;
    // libunwind blocks every signal while it holds its locks (its caches,
    // dl_iterate_phdr), and the first unwind through an object also binds
    // symbols lazily there (several KiB for the dynamic linker's resolver).
    // A guard page hit with SIGSEGV blocked cannot be reported: the kernel
    // kills the process with no word. With less than this left, the thread
    // has overflowed its stack for all purposes: say so, as the handler would.
    if (cunwind_overflow_stack_is_short(CUNWIND_CAPTURE_STACK_NEEDED)) cunwind_overflow_report_and_abort();
    cunwind_backtrace_function backtrace = cunwind_libunwind_backtrace();
    if (backtrace == NULL) return 0;
    // unw_backtrace's first entry is this function's own return address into
    // the caller, which is what the caller wants as frame 0.
    return backtrace(addresses, capacity);
}
