// Thread-local repair for task executors that run Swift jobs inside catch
// frames (see JobThread.h).
#define _GNU_SOURCE
#include "JobThread.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
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

void *cunwind_job_thread_owner(void) { return job_thread_owner; }
void cunwind_job_thread_set_owner(void *owner) { job_thread_owner = owner; }

bool cunwind_job_on_serial_executor(void) {
    return swift_task_getCurrentExecutor().identity != NULL;
}

struct tls_search {
    uintptr_t base;     // load address of the image that holds swift_task_getCurrent
    void *block;
    unsigned long size;
};

static int find_tls(struct dl_phdr_info *info, size_t size, void *raw) {
    (void)size;
    struct tls_search *search = raw;
    if ((uintptr_t)info->dlpi_addr != search->base) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type == PT_TLS) {
            search->block = info->dlpi_tls_data;
            search->size = info->dlpi_phdr[i].p_memsz;
            return 1;
        }
    }
    return 1;
}

// This thread's block, found once per thread. The image is found by the
// address of one of its functions, so that a statically linked runtime (the
// executable itself) is found too.
static __attribute__((tls_model("initial-exec"))) _Thread_local struct tls_search tls_found;
static __attribute__((tls_model("initial-exec"))) _Thread_local bool tls_searched;

bool cunwind_job_thread_save(cunwind_job_thread_state *state) {
    if (!tls_searched) {
        tls_searched = true;
        Dl_info image;
        if (dladdr((void *)&swift_task_getCurrent, &image) != 0) {
            // dli_fbase is the mapping's start; dlpi_addr its load bias. They
            // are equal for shared objects and PIE executables linked at 0.
            tls_found.base = (uintptr_t)image.dli_fbase;
            dl_iterate_phdr(find_tls, &tls_found);
        }
    }
    state->block = NULL;
    if (tls_found.block == NULL || tls_found.size == 0 || tls_found.size > sizeof state->saved) return false;
    state->task = swift_task_getCurrent();
    state->block = tls_found.block;
    state->size = tls_found.size;
    memcpy(state->saved, tls_found.block, tls_found.size);
    return true;
}

bool cunwind_job_thread_restore(const cunwind_job_thread_state *state) {
    if (state->block == NULL) return false;
    memcpy(state->block, state->saved, state->size);
    return swift_task_getCurrent() == state->task;
}

#endif
