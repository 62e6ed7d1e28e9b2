#ifndef CUNWIND_CATCH_FRAME_H
#define CUNWIND_CATCH_FRAME_H

#include <stdbool.h>

// The catch function itself, cunwind_catch, takes a Swift closure and is
// declared on the Swift side (Sources/Runtime/CatchFrame.swift) with its Swift
// signature; it is not declared here.

/// True when this thread has an open catch frame to jump to: one opened by
/// the Swift task running now, or outside any task when none runs. A panic
/// in an async task never jumps into a frame below the task's own stack
/// (a thread's frame that happens to run the task).
bool cunwind_has_catch_frame(void);

/// The innermost cleanup registered when the innermost catch frame opened
/// (see UnwindCleanup.h), or NULL.
void *cunwind_catch_frame_cleanup_mark(void);

/// Jumps to this thread's innermost catch frame, which returns `payload` to
/// its caller. Skips every frame in between without running their cleanups.
/// Must only be called when `cunwind_has_catch_frame()` is true.
_Noreturn void cunwind_unwind(void *payload);

#endif
