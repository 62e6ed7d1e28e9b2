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

/// Decides whether a panic in `task` may jump to the innermost catch frame,
/// which another task (or no task) opened: a frame that runs the task's job
/// (`cunwind_innermost_catch_frame` tells which). Called by
/// `cunwind_has_catch_frame` on the panicking thread, after the hook ran; it
/// may print a line saying why it refuses.
typedef bool (*cunwind_foreign_task_filter)(void *task);

/// This thread's innermost catch frame (an identity only), or NULL.
void *cunwind_innermost_catch_frame(void);

/// Installs the filter (PanicRuntime's catchUnwindAsync). Without one, such
/// a panic is not caught, as before.
void cunwind_set_foreign_task_filter(cunwind_foreign_task_filter filter);

/// The innermost cleanup registered when the innermost catch frame opened
/// (see UnwindCleanup.h), or NULL.
void *cunwind_catch_frame_cleanup_mark(void);

/// Jumps to this thread's innermost catch frame, which returns `payload` to
/// its caller. Skips every frame in between without running their cleanups.
/// Must only be called when `cunwind_has_catch_frame()` is true.
_Noreturn void cunwind_unwind(void *payload);

#endif
