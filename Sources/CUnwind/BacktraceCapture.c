#include "BacktraceCapture.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>

__attribute__((noinline)) int cunwind_capture_backtrace(void **addresses, int capacity) {
    if (capacity <= 0) return 0;
    // unw_backtrace's first entry is this function's own return address into
    // the caller, which is what the caller wants as frame 0.
    return unw_backtrace(addresses, capacity);
}
