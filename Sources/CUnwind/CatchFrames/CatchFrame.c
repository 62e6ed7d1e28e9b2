// Catch frames: a _setjmp buffer per catchUnwind, linked per thread.
#include "CatchFrames/CatchFrame.h"
#include "CatchFrames/UnwindCleanup.h"
#include "SurvivalScan/SkippedFrames.h"
#include "CatchFrames/CatchFrameInternal.h"
#include "PrivateABI/AccessSetHead.h"
#include "LockTracking/HeldLockCount.h"

#include <setjmp.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

// The Swift runtime's exclusivity bookkeeping for tasks (libswiftCore). With
// a zeroed two-word state, enter records the thread's current access-set head
// (in state[0]) and changes nothing; exit puts every access begun since the
// head in state[0] aside into the state and makes that record the head again.
// Used to drop the records of accesses a panic jumped out of, which would
// otherwise stay in the set and make the next access to the same variable
// fail as "simultaneous".
extern void swift_task_enterThreadLocalContext(char *state);
extern void swift_task_exitThreadLocalContext(char *state);

// The Swift task running on this thread, or NULL (libswift_Concurrency).
extern __attribute__((swiftcall)) void *swift_task_getCurrent(void);

typedef cunwind_catch_frame catch_frame;

static __attribute__((tls_model("initial-exec"))) _Thread_local catch_frame *innermost;

// A Swift closure `() -> Void`: called with its context in the swiftself register.
typedef __attribute__((swiftcall)) void (*swift_body)(void *__attribute__((swift_context)) context);

// The addresses a catch frame's body returns to, inside the catching
// functions: the stack walks of SkippedFrames.c and FrameWalk.c stop at
// either. catch_with is inlined into each catching function, so each has
// its own.
const void *cunwind_catch_body_return;
const void *cunwind_catch_job_body_return;

// Calls the body. Not inlined, so that it has a return address in the
// catching function to record (in `*slot`); the body call itself becomes a
// tail call (the context already sits in the swift_context register).
static __attribute__((swiftcall, noinline)) void cunwind_call_body(void *function, const void **slot, void *__attribute__((swift_context)) context) {
    const void *here = __builtin_return_address(0);
    // Written once: a store by every call from every thread would bounce
    // the cache line between cores.
    if (__builtin_expect(__atomic_load_n(slot, __ATOMIC_RELAXED) != here, 0)) {
        __atomic_store_n(slot, here, __ATOMIC_RELAXED);
    }
    ((swift_body)function)(context);
}

#if CUNWIND_BUILTIN_JUMP
#define CUNWIND_SETJMP(buffer) __builtin_setjmp((buffer).words)
#define CUNWIND_LONGJMP(buffer) __builtin_longjmp((buffer).words, 1)
#else
#define CUNWIND_SETJMP(buffer) _setjmp(CUNWIND_JMP_BUF(buffer))
// ThreadSanitizer intercepts `_setjmp` and `longjmp` but not `_longjmp`:
// jumping with `_longjmp` leaves its shadow stack at the panic's depth, so it
// grows with every caught panic and its reports show stale frames. Under it,
// jump with `longjmp`, which on a buffer filled by `_setjmp` (no signal mask
// saved) does what `_longjmp` does. (AddressSanitizer intercepts `_longjmp`.)
#if __has_feature(thread_sanitizer)
#define CUNWIND_LONGJMP(buffer) longjmp(CUNWIND_JMP_BUF(buffer), 1)
#else
#define CUNWIND_LONGJMP(buffer) _longjmp(CUNWIND_JMP_BUF(buffer), 1)
#endif
#endif

// AddressSanitizer moves locals to its fake stack (detect_stack_use_after_return):
// there an access record's address says nothing of its frame's depth, so
// every frame saves the access set when it opens, as job frames do. The
// catching functions and cunwind_with_cleanup are not instrumented, so that
// the frames and cleanup nodes compared by address stay on the real stack.
#if __has_feature(address_sanitizer)
#define CUNWIND_SAVES_ACCESSES_AT_OPEN 1
#define CUNWIND_REAL_STACK __attribute__((no_sanitize("address")))
#else
#define CUNWIND_SAVES_ACCESSES_AT_OPEN 0
#define CUNWIND_REAL_STACK
#endif

// The catch frame itself. Inlined into its two callers so that the test of
// `is_job_frame` folds away; the jump lands in the caller's frame.
CUNWIND_REAL_STACK static inline __attribute__((always_inline)) void *catch_with(void *function, void *context, bool is_job_frame) {
    catch_frame frame;
    frame.outer = innermost;
    frame.is_job_frame = is_job_frame;
    frame.accesses_put_aside = false;
    frame.held_locks = cunwind_held_lock_count;
    frame.saved_accesses = is_job_frame || CUNWIND_SAVES_ACCESSES_AT_OPEN;
    if (is_job_frame) frame.task = swift_task_getCurrent();
    if (frame.saved_accesses) {
        frame.access_state[0] = 0;
        frame.access_state[1] = 0;
        swift_task_enterThreadLocalContext((char *)frame.access_state);
    }
    innermost = &frame;
    if (CUNWIND_SETJMP(frame.landing) == 0) {
        cunwind_call_body(function, is_job_frame ? &cunwind_catch_job_body_return : &cunwind_catch_body_return, context);
        // Returned: every access the body began has ended, so the set is as
        // it was at the open and there is nothing to restore.
        innermost = frame.outer;
        return NULL;
    }
    // Landed: `frame` lives in memory, so its fields are current. The
    // accesses the panic jumped out of were put aside before the jump.
    innermost = frame.outer;
    return frame.payload;
}

// Swift: `@_silgen_name("cunwind_catch") func cunwindCatch(_ body: () -> Void) -> UnsafeMutableRawPointer?`
// The non-escaping closure arrives as its two words, so nothing is allocated,
// retained or escaped. Returns NULL when `body` returned, or the payload
// passed to cunwind_unwind when a panic jumped here.
//
// This is catchUnwind's frame, and it records nothing but its place in the
// thread's list: which task opened it, which accesses and cleanups began
// inside it, are all read from the stack when a panic comes (the frames a
// panic leaves lie between its own frame and this one; see SurvivalCheck).
__attribute__((swiftcall, noinline)) void *cunwind_catch(void *function, void *context);

CUNWIND_REAL_STACK __attribute__((swiftcall, noinline)) void *cunwind_catch(void *function, void *context) {
#if CUNWIND_PANIC_ABORT
    // Under the PanicAbort trait a panic never returns: no frame to open.
    ((swift_body)function)(context);
    return NULL;
#else
    return catch_with(function, context, false);
#endif
}

// Swift: `@_silgen_name("cunwind_catch_job") func cunwindCatchJob(_ body: () -> Void) -> UnsafeMutableRawPointer?`
// The frame catchUnwindAsync's job host opens around one job of another task:
// it records the task that opened it and saves the exclusivity state at the
// open, because the job brings its task's own accesses (kept in the task
// between jobs, not on this stack) into the thread's set.
__attribute__((swiftcall, noinline)) void *cunwind_catch_job(void *function, void *context);

CUNWIND_REAL_STACK __attribute__((swiftcall, noinline)) void *cunwind_catch_job(void *function, void *context) {
#if CUNWIND_PANIC_ABORT
    ((swift_body)function)(context);
    return NULL;
#else
    return catch_with(function, context, true);
#endif
}


// Set once by PanicRuntime's async boundary (catchUnwindAsync): asked when
// a task panics above a frame that another task (or no task) opened.
static _Atomic(cunwind_foreign_task_filter) foreign_task_filter;

void cunwind_set_foreign_task_filter(cunwind_foreign_task_filter filter) {
    atomic_store_explicit(&foreign_task_filter, filter, memory_order_release);
}

void *cunwind_innermost_catch_frame(void) { return innermost; }

bool cunwind_has_catch_frame(void) {
    catch_frame *frame = innermost;
    if (frame == NULL) return false;
    // A synchronous frame's owner is checked with the skipped frames: a
    // job started between the panic and the frame means another task.
    if (!frame->is_job_frame) return true;
    void *task = swift_task_getCurrent();
    if (frame->task == task) return true;
    cunwind_foreign_task_filter filter = atomic_load_explicit(&foreign_task_filter, memory_order_acquire);
    return filter != NULL && filter(task);
}

bool cunwind_landing_frame_is_job_frame(void) { return innermost != NULL && innermost->is_job_frame; }

bool cunwind_in_task(void) { return swift_task_getCurrent() != NULL; }

catch_frame *cunwind_landing_frame(void) { return innermost; }

// Puts aside the accesses begun inside `frame`, once per panic, while their
// records (in the frames about to be left) are intact.
static __attribute__((noinline)) void put_aside(catch_frame *frame) {
    if (frame->accesses_put_aside) return;
    frame->accesses_put_aside = true;
    if (frame->saved_accesses) {
        // The head at the open is in access_state[0].
        swift_task_exitThreadLocalContext((char *)frame->access_state);
        return;
    }
    // A synchronous frame: the accesses begun inside it are the records at
    // the front of the set that lie on the stack between here and the frame
    // (a record lives in the frame that began its access, stacks grow down,
    // and the set is newest first). Every record behind them began before
    // the frame opened: in a shallower frame, or in an async frame on the heap.
    const void *head_record;
    if (!cunwind_access_head(&head_record)) {
        uintptr_t head_state[2] = {0, 0};
        swift_task_enterThreadLocalContext((char *)head_state);
        head_record = (const void *)head_state[0];
    }
    const cunwind_access_record *head = head_record;
    uintptr_t low = (uintptr_t)__builtin_frame_address(0), high = (uintptr_t)frame;
    const cunwind_access_record *first_older = head;
    // Bounded: a corrupt list must not hang the panic path.
    for (int budget = 1000000; first_older != NULL && budget > 0; budget--) {
        uintptr_t at = (uintptr_t)first_older;
        if (at <= low || at >= high) break;
        first_older = cunwind_access_next(first_older);
    }
    frame->access_state[0] = (uintptr_t)first_older;
    frame->access_state[1] = 0;
    if (first_older == head) {
        frame->access_state[0] = 0;
        return;
    }
    // Exit cuts the list before `first_older` (with NULL, the whole list),
    // makes it the head again and leaves the cut records in the state.
    swift_task_exitThreadLocalContext((char *)frame->access_state);
}

const void *cunwind_put_aside_accesses(void) {
    catch_frame *frame = cunwind_landing_frame();
    if (frame == NULL) return NULL;
    put_aside(frame);
    return (const void *)frame->access_state[0];
}

void cunwind_unwind(void *payload) {
    catch_frame *frame = innermost;
    frame->payload = payload;
    put_aside(frame);
    CUNWIND_LONGJMP(frame->landing);
}
