#ifndef CUNWIND_BACKTRACE_CAPTURE_H
#define CUNWIND_BACKTRACE_CAPTURE_H

/// Fills `addresses` with up to `capacity` return addresses of the calling
/// thread's stack, innermost first, starting with the caller of this
/// function; returns how many. libunwind's fast path (`unw_backtrace`):
/// no allocation, usable in a signal handler.
int cunwind_capture_backtrace(void **addresses, int capacity);

#endif
