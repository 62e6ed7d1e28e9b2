// The catch frame record, shared by the C files of CUnwind (not exported).
#ifndef CUNWIND_CATCH_FRAME_INTERNAL_H
#define CUNWIND_CATCH_FRAME_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct cunwind_catch_frame {
    jmp_buf landing;
    struct cunwind_catch_frame *outer;
    void *payload;
    // The task that opened the frame: a panic may only jump here from the
    // same task (or from no task to a frame opened outside any task).
    void *task;
    // The innermost cleanup when the frame opened: a panic landing here
    // runs the cleanups registered since.
    void *cleanup_mark;
    uintptr_t access_state[2];
    // True once the accesses begun inside the frame were put aside for the
    // panic in flight (cunwind_put_aside_accesses).
    bool accesses_put_aside;
} cunwind_catch_frame;

/// The return address of a catch frame's body call, inside cunwind_catch
/// (NULL until the first catch frame opened).
extern const void *cunwind_catch_body_return;

/// This thread's innermost catch frame that a panic here may jump to (see
/// cunwind_has_catch_frame), or NULL.
cunwind_catch_frame *cunwind_innermost_catch_frame(void);

#endif
