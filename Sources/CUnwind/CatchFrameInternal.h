// The catch frame record, shared by the C files of CUnwind (not exported).
#ifndef CUNWIND_CATCH_FRAME_INTERNAL_H
#define CUNWIND_CATCH_FRAME_INTERNAL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

// The part of glibc's jmp_buf that _setjmp and _longjmp use: the saved
// registers and the flag that says no signal mask was saved (_setjmp always
// stores 0 there, and _longjmp reads the mask only when it is set). The
// 128-byte signal mask that follows in a jmp_buf is never touched for a
// buffer filled by _setjmp: leaving it out makes each catch frame 128 bytes
// smaller, which is what limits how deep catchUnwind nests in a debug build.
typedef struct cunwind_jump_buffer {
    __jmp_buf registers;
    int mask_was_saved;
} cunwind_jump_buffer;

_Static_assert(offsetof(struct __jmp_buf_tag, __jmpbuf) == offsetof(cunwind_jump_buffer, registers), "glibc jmp_buf layout");
_Static_assert(offsetof(struct __jmp_buf_tag, __mask_was_saved) == offsetof(cunwind_jump_buffer, mask_was_saved), "glibc jmp_buf layout");

/// The jmp_buf view of a cunwind_jump_buffer, for _setjmp and _longjmp.
#define CUNWIND_JMP_BUF(buffer) ((struct __jmp_buf_tag *)(void *)&(buffer))

typedef struct cunwind_catch_frame {
    cunwind_jump_buffer landing;
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

/// The frame a panic on this thread lands in: the innermost catch frame,
/// or NULL. Only meaningful once `cunwind_has_catch_frame()` said the panic
/// may land (it runs the task checks and the async filter, once per panic).
cunwind_catch_frame *cunwind_landing_frame(void);

#endif
