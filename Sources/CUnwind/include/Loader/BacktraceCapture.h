#ifndef CUNWIND_BACKTRACE_CAPTURE_H
#define CUNWIND_BACKTRACE_CAPTURE_H

/// Fills `addresses` with up to `capacity` return addresses of the calling
/// thread's stack, innermost first, starting with the caller of this
/// function; returns how many (0 when libunwind.so.8 cannot be loaded).
/// libunwind's fast path (`unw_backtrace`): no allocation. The first call
/// in a process loads libunwind (`dlopen`); later ones are usable in a
/// signal handler.
/// On a thread prepared for overflow reports with less than
/// `CUNWIND_CAPTURE_STACK_NEEDED` bytes of stack left, reports a stack
/// overflow and aborts instead (libunwind runs with signals blocked, where
/// an overflow would kill the process without a report).
int cunwind_capture_backtrace(void **addresses, int capacity);

/// The stack `cunwind_capture_backtrace` needs left above the guard.
#define CUNWIND_CAPTURE_STACK_NEEDED (64ul * 1024)

#endif
