// The catch frame record, shared by the C files of CUnwind (not exported).
#ifndef CUNWIND_CATCH_FRAME_INTERNAL_H
#define CUNWIND_CATCH_FRAME_INTERNAL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#if defined(__x86_64__) && !__has_feature(address_sanitizer) && !__has_feature(thread_sanitizer)
#define CUNWIND_BUILTIN_JUMP 1
#endif

#if CUNWIND_BUILTIN_JUMP
// The compiler's own jump buffer (__builtin_setjmp): the frame pointer, the
// landing address and the stack pointer, stored inline by the catching
// function, which saves the registers the body may change in its own frame.
// Cheaper than glibc's _setjmp (a call, eight registers, pointer mangling),
// and smaller. Not under the sanitizers: they intercept libc's jumps to
// repair their shadow state, and never see the compiler's.
typedef struct cunwind_jump_buffer {
    void *words[5];
} cunwind_jump_buffer;
#else
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
#endif

typedef struct cunwind_catch_frame {
    cunwind_jump_buffer landing;
    struct cunwind_catch_frame *outer;
    void *payload;
    // Job frames only (cunwind_catch_job, the async carrier's): the task
    // that opened the frame, and the exclusivity state saved at the open.
    // A synchronous frame records neither: what it needs is found from the
    // stack when a panic comes (see CatchFrame.c).
    void *task;
    uintptr_t access_state[2];
    // True for a job frame.
    bool is_job_frame;
    // True when the access set was saved at the open (job frames, and every
    // frame under AddressSanitizer: see CatchFrame.c).
    bool saved_accesses;
    // True once the accesses begun inside the frame were put aside for the
    // panic in flight (cunwind_put_aside_accesses).
    bool accesses_put_aside;
    // How many pthread locks the thread held at the open (HeldLocks.h).
    int32_t held_locks;
} cunwind_catch_frame;

/// The Swift runtime's record of a tracked access (Exclusivity.cpp,
/// `Access`): the variable's address, the pc that began it, and the next
/// record with the action (0 read, 1 modify) in its low bit. It lives in
/// the frame that began the access; the thread's set is a list of them,
/// newest first. Stable since Swift 5; guarded by the test
/// `accessRecordLayout` (PanicRuntimeTests/AccessRecordLayoutTests).
typedef struct cunwind_access_record {
    const void *pointer;
    const void *pc;
    uintptr_t next_and_action;
} cunwind_access_record;

static inline const cunwind_access_record *cunwind_access_next(const cunwind_access_record *record) {
    return (const cunwind_access_record *)(record->next_and_action & ~(uintptr_t)1);
}

/// The return address of a catch frame's body call, inside cunwind_catch
/// (NULL until the first catch frame opened), and inside cunwind_catch_job.
extern const void *cunwind_catch_body_return;
extern const void *cunwind_catch_job_body_return;

/// True when `address` is where a catch frame's body returns to.
static inline bool cunwind_is_catch_body_return(uintptr_t address) {
    return address != 0 && (address == (uintptr_t)__atomic_load_n(&cunwind_catch_body_return, __ATOMIC_RELAXED)
                            || address == (uintptr_t)__atomic_load_n(&cunwind_catch_job_body_return, __ATOMIC_RELAXED));
}

/// The frame a panic on this thread lands in: the innermost catch frame,
/// or NULL. Only meaningful once `cunwind_has_catch_frame()` said the panic
/// may land.
cunwind_catch_frame *cunwind_landing_frame(void);

#endif
