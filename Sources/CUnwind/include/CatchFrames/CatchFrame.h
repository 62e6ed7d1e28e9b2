#ifndef CUNWIND_CATCH_FRAME_H
#define CUNWIND_CATCH_FRAME_H

#include <stdbool.h>

// The catch functions themselves, cunwind_catch and cunwind_catch_job, take
// a Swift closure and are declared on the Swift side
// (Sources/Runtime/Catching/CatchFrame.swift) with their Swift signatures; they are not
// declared here.

/// True when this thread has an open catch frame to jump to. For a job frame
/// (catchUnwindAsync's carrier), only when the Swift task running now opened
/// it or the foreign-task filter accepts the task. A synchronous frame
/// (catchUnwind) records no task: whether a job of another task started
/// between the panic and the frame is read from the skipped frames by the
/// survival check (`cunwind_landing_frame_is_job_frame`). A panic in an
/// async task never jumps into a frame below the task's own stack.
bool cunwind_has_catch_frame(void);

/// True when a Swift async task runs on this thread now (the concurrency
/// runtime's current task; one call, no generic code).
bool cunwind_in_task(void);

/// True when the innermost catch frame is a job frame (opened by
/// `cunwind_catch_job`), whose task was checked by `cunwind_has_catch_frame`.
bool cunwind_landing_frame_is_job_frame(void);

/// Decides whether a panic in `task` may jump to the innermost catch frame,
/// which another task (or no task) opened: a frame that runs the task's job
/// (`cunwind_innermost_catch_frame` tells which). Called by
/// `cunwind_has_catch_frame` on the panicking thread, after the hook ran; it
/// may print a line saying why it refuses.
typedef bool (*cunwind_foreign_task_filter)(void *task);

/// This thread's innermost catch frame, or NULL: an identity, and its
/// address on the stack (the cleanups registered inside it lie below it).
void *cunwind_innermost_catch_frame(void);

/// Installs the filter (PanicRuntime's catchUnwindAsync). Without one, such
/// a panic is not caught, as before.
void cunwind_set_foreign_task_filter(cunwind_foreign_task_filter filter);

/// Jumps to this thread's innermost catch frame, which returns `payload` to
/// its caller. Skips every frame in between without running their cleanups.
/// Must only be called when `cunwind_has_catch_frame()` is true.
_Noreturn void cunwind_unwind(void *payload);

#endif
