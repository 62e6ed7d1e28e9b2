#ifndef CUNWIND_LIBUNWIND_LOADER_H
#define CUNWIND_LIBUNWIND_LOADER_H

/// libunwind's `unw_backtrace` (its cached fast path: fills `addresses` with
/// up to `capacity` return addresses, innermost first; returns how many).
typedef int (*cunwind_backtrace_function)(void **addresses, int capacity);

/// `unw_backtrace` from libunwind.so.8, loaded on the first call rather than
/// at process start (a program that never captures a backtrace never loads
/// libunwind and liblzma); NULL when libunwind cannot be loaded. The first
/// call runs `dlopen`: not for a signal handler. Call the result directly,
/// so that the frames it records start where they would with a direct call.
__attribute__((visibility("hidden"))) cunwind_backtrace_function cunwind_libunwind_backtrace(void);

#endif
