// Cleanups that run when a panic jumps over their scope: a per-thread list
// of nodes living in the frames of cunwind_with_cleanup.
#include "CatchFrames/UnwindCleanup.h"
#include "CatchFrames/CatchFrame.h"
#include "ThreadState/ThreadState.h"

#include <stddef.h>
#include <stdint.h>

typedef __attribute__((swiftcall)) void (*swift_closure)(void *__attribute__((swift_context)) context);

typedef struct cleanup_node {
    void *function;
    void *context;
    struct cleanup_node *outer;
} cleanup_node;

static __attribute__((tls_model("initial-exec"))) _Thread_local cleanup_node *innermost_cleanup;


// Swift: `@_silgen_name("cunwind_with_cleanup") func cunwindWithCleanup(_ body: () -> Void, _ cleanup: () -> Void)`
// Runs body with cleanup registered, then runs cleanup. If a panic jumps
// out of body, cunwind_run_unwind_cleanups runs cleanup instead.
__attribute__((swiftcall, noinline)) void cunwind_with_cleanup(void *body, void *body_context, void *cleanup, void *cleanup_context);

// Not instrumented by AddressSanitizer: the node must stay on the real stack,
// where its address orders it against the catch frames (CatchFrame.c).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
__attribute__((no_sanitize("address")))
#endif
#endif
__attribute__((swiftcall, noinline)) void cunwind_with_cleanup(void *body, void *body_context, void *cleanup, void *cleanup_context) {
    cleanup_node node = { cleanup, cleanup_context, innermost_cleanup };
    innermost_cleanup = &node;
    ((swift_closure)body)(body_context);
    innermost_cleanup = node.outer;
    ((swift_closure)cleanup)(cleanup_context);
}

void cunwind_run_unwind_cleanups(bool to_catch_frame) {
    // The cleanups registered inside the catch frame are the nodes below it
    // on the stack (a node lives in the frame of cunwind_with_cleanup, and
    // stacks grow down); with no frame to land in, every node.
    if (innermost_cleanup == NULL) return;
    uintptr_t frame = to_catch_frame ? (uintptr_t)cunwind_innermost_catch_frame() : UINTPTR_MAX;
    cunwind_thread_state *state = cunwind_thread_state_current();
    state->in_unwind_cleanup = true;
    while (innermost_cleanup != NULL && (uintptr_t)innermost_cleanup < frame) {
        cleanup_node *node = innermost_cleanup;
        innermost_cleanup = node->outer;
        ((swift_closure)node->function)(node->context);
    }
    state->in_unwind_cleanup = false;
}
