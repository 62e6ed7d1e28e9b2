// Catch frames: a _setjmp buffer per catchUnwind, linked per thread.
#include "CatchFrame.h"
#include "UnwindCleanup.h"
#include "SkippedFrames.h"
#include "CatchFrameInternal.h"

#include <setjmp.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

// The Swift runtime's exclusivity bookkeeping for tasks (libswiftCore). With
// a zeroed two-word state, enter records the thread's current access-set head
// and exit puts every access begun since then aside into the state and
// restores the head. Called around a catch frame, that drops the records of
// accesses a panic jumped out of, which would otherwise stay in the set and
// make the next access to the same variable fail as "simultaneous".
extern void swift_task_enterThreadLocalContext(char *state);
extern void swift_task_exitThreadLocalContext(char *state);

// The Swift task running on this thread, or NULL (libswift_Concurrency).
extern __attribute__((swiftcall)) void *swift_task_getCurrent(void);

typedef cunwind_catch_frame catch_frame;

static __attribute__((tls_model("initial-exec"))) _Thread_local catch_frame *innermost;

// A Swift closure `() -> Void`: called with its context in the swiftself register.
typedef __attribute__((swiftcall)) void (*swift_body)(void *__attribute__((swift_context)) context);

// The address a catch frame's body returns to, inside cunwind_catch: the
// stack walk of SkippedFrames.c stops there. Written by every call (the same
// value each time; a plain store costs less than checking it).
const void *cunwind_catch_body_return;

// Calls the body. Not inlined, so that it has a return address into
// cunwind_catch to record; the call itself may become a tail call.
static __attribute__((noinline)) void cunwind_call_body(void *function, void *context) {
    __atomic_store_n(&cunwind_catch_body_return, __builtin_return_address(0), __ATOMIC_RELAXED);
    ((swift_body)function)(context);
}

// Swift: `@_silgen_name("cunwind_catch") func cunwindCatch(_ body: () -> Void) -> UnsafeMutableRawPointer?`
// The non-escaping closure arrives as its two words, so nothing is allocated,
// retained or escaped. Returns NULL when `body` returned, or the payload
// passed to cunwind_unwind when a panic jumped here.
__attribute__((swiftcall, noinline)) void *cunwind_catch(void *function, void *context);

__attribute__((swiftcall, noinline)) void *cunwind_catch(void *function, void *context) {
    catch_frame frame;
    frame.outer = innermost;
    frame.payload = NULL;
    frame.task = swift_task_getCurrent();
    frame.cleanup_mark = cunwind_cleanup_top();
    frame.access_state[0] = 0;
    frame.access_state[1] = 0;
    frame.accesses_put_aside = false;

    swift_task_enterThreadLocalContext((char *)frame.access_state);
    innermost = &frame;
    if (_setjmp(CUNWIND_JMP_BUF(frame.landing)) == 0) {
        cunwind_call_body(function, context);
        // Returned: every access the body began has ended, so the set is as
        // enter found it and there is nothing to restore.
        innermost = frame.outer;
        return NULL;
    }
    // Landed: `frame` lives in memory, so its fields are current. The
    // accesses the panic jumped out of were put aside before the jump.
    innermost = frame.outer;
    return frame.payload;
}

void *cunwind_catch_frame_cleanup_mark(void) { return innermost ? innermost->cleanup_mark : NULL; }

// Set once by PanicRuntime's async boundary (catchUnwindAsync): asked when
// a task panics above a frame that another task (or no task) opened.
static _Atomic(cunwind_foreign_task_filter) foreign_task_filter;

void cunwind_set_foreign_task_filter(cunwind_foreign_task_filter filter) {
    atomic_store_explicit(&foreign_task_filter, filter, memory_order_release);
}

void *cunwind_innermost_catch_frame(void) { return innermost; }

bool cunwind_has_catch_frame(void) {
    if (innermost == NULL) return false;
    void *task = swift_task_getCurrent();
    if (innermost->task == task) return true;
    cunwind_foreign_task_filter filter = atomic_load_explicit(&foreign_task_filter, memory_order_acquire);
    return filter != NULL && filter(task);
}

catch_frame *cunwind_landing_frame(void) { return innermost; }

const void *cunwind_put_aside_accesses(void) {
    catch_frame *frame = cunwind_landing_frame();
    if (frame == NULL) return NULL;
    if (!frame->accesses_put_aside) {
        // Exit puts every access begun since enter into the state (its
        // first record in access_state[0]) and restores the set's head.
        swift_task_exitThreadLocalContext((char *)frame->access_state);
        frame->accesses_put_aside = true;
    }
    return (const void *)frame->access_state[0];
}

// ThreadSanitizer intercepts `_setjmp` and `longjmp` but not `_longjmp`:
// jumping with `_longjmp` leaves its shadow stack at the panic's depth, so it
// grows with every caught panic and its reports show stale frames. Under it,
// jump with `longjmp`, which on a buffer filled by `_setjmp` (no signal mask
// saved) does what `_longjmp` does. (AddressSanitizer intercepts `_longjmp`.)
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CUNWIND_LONGJMP longjmp
#endif
#endif
#ifndef CUNWIND_LONGJMP
#define CUNWIND_LONGJMP _longjmp
#endif

void cunwind_unwind(void *payload) {
    catch_frame *frame = innermost;
    frame->payload = payload;
    // Put aside the accesses begun since the frame opened, now, while the
    // records (in the frames about to be left) are intact: after the jump,
    // the calls made at the landing reuse that stack.
    if (!frame->accesses_put_aside) {
        swift_task_exitThreadLocalContext((char *)frame->access_state);
        frame->accesses_put_aside = true;
    }
    CUNWIND_LONGJMP(CUNWIND_JMP_BUF(frame->landing), 1);
}
