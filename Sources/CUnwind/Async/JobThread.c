// Thread-local repair for task executors that run Swift jobs inside catch
// frames (see JobThread.h).
#define _GNU_SOURCE
#include "Async/JobThread.h"
#include "Loader/LoadedObjects.h"

#include <stdint.h>
#include <string.h>

// Only the unwinding strategy catches async panics: nothing here under PanicAbort.
#if !CUNWIND_PANIC_ABORT

// libswift_Concurrency: the task running on this thread, and the executor
// the code running now is isolated to (identity NULL: generic).
extern __attribute__((swiftcall)) void *swift_task_getCurrent(void);
typedef struct { void *identity; uintptr_t implementation; } cunwind_serial_executor_ref;
extern __attribute__((swiftcall)) cunwind_serial_executor_ref swift_task_getCurrentExecutor(void);

static __attribute__((tls_model("initial-exec"))) _Thread_local void *job_thread_owner;

static __attribute__((tls_model("initial-exec"))) _Thread_local bool job_thread_inline_start;
static __attribute__((tls_model("initial-exec"))) _Thread_local unsigned job_thread_inline_depth;

unsigned cunwind_job_thread_inline_depth(void) { return job_thread_inline_depth; }
void cunwind_job_thread_set_inline_depth(unsigned depth) { job_thread_inline_depth = depth; }

void *cunwind_job_thread_owner(void) { return job_thread_owner; }

void cunwind_job_thread_set_inline_start(bool inline_start) { job_thread_inline_start = inline_start; }

bool cunwind_job_thread_take_inline_start(void) {
    bool taken = job_thread_inline_start;
    job_thread_inline_start = false;
    return taken;
}
void cunwind_job_thread_set_owner(void *owner) { job_thread_owner = owner; }

bool cunwind_job_on_serial_executor(void) {
    return swift_task_getCurrentExecutor().identity != NULL;
}

// This thread's block, found once per thread, by the address of one of the
// runtime's functions (so that a statically linked runtime, the executable
// itself, is found too).
static __attribute__((tls_model("initial-exec"))) _Thread_local void *tls_block;
static __attribute__((tls_model("initial-exec"))) _Thread_local size_t tls_size;
static __attribute__((tls_model("initial-exec"))) _Thread_local bool tls_searched;

bool cunwind_job_thread_can_save(void) {
    if (!tls_searched) {
        tls_searched = true;
        size_t module;
        if (!cunwind_object_tls_block((const void *)&swift_task_getCurrent, &module, &tls_block, &tls_size)) tls_block = NULL;
    }
    return tls_block != NULL && tls_size != 0 && tls_size <= sizeof(((cunwind_job_thread_state *)0)->saved);
}

bool cunwind_job_thread_save(cunwind_job_thread_state *state) {
    state->block = NULL;
    if (!cunwind_job_thread_can_save()) return false;
    state->task = swift_task_getCurrent();
    state->block = tls_block;
    state->size = tls_size;
    memcpy(state->saved, tls_block, tls_size);
    return true;
}

bool cunwind_job_thread_restore(const cunwind_job_thread_state *state) {
    if (state->block == NULL) return false;
    memcpy(state->block, state->saved, state->size);
    return swift_task_getCurrent() == state->task;
}

#endif
