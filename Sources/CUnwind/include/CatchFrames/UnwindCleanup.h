#ifndef CUNWIND_UNWIND_CLEANUP_H
#define CUNWIND_UNWIND_CLEANUP_H

#include <stdbool.h>

// The registering function, cunwind_with_cleanup, takes Swift closures and
// is declared on the Swift side (Sources/Runtime/Catching/UnwindCleanup.swift).

/// Runs, innermost first, the cleanups a panic leaves behind: those
/// registered since the innermost catch frame opened when `to_catch_frame`,
/// else all of this thread's. Each is unregistered before it runs. The
/// thread state's `in_unwind_cleanup` is true while they run.
void cunwind_run_unwind_cleanups(bool to_catch_frame);

#endif
