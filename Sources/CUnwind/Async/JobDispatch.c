// The global queues of libdispatch, for catchUnwindAsync's executor (see JobDispatch.h).
#include "Async/JobDispatch.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>

typedef void *(*global_queue_function)(long qos, unsigned long flags);
typedef void (*async_function)(void *queue, void *context, cunwind_job_function work);

static _Atomic(global_queue_function) global_queue;
static _Atomic(async_function) async_f;

bool cunwind_job_dispatch_available(void) {
    if (atomic_load_explicit(&async_f, memory_order_acquire) != NULL) return true;
    global_queue_function queue = (global_queue_function)dlsym(RTLD_DEFAULT, "dispatch_get_global_queue");
    async_function async = (async_function)dlsym(RTLD_DEFAULT, "dispatch_async_f");
    if (queue == NULL || async == NULL) return false;
    atomic_store_explicit(&global_queue, queue, memory_order_relaxed);
    atomic_store_explicit(&async_f, async, memory_order_release);
    return true;
}

void cunwind_job_dispatch(void *job, unsigned int qos, cunwind_job_function run) {
    async_function async = atomic_load_explicit(&async_f, memory_order_acquire);
    global_queue_function queue = atomic_load_explicit(&global_queue, memory_order_relaxed);
    async(queue((long)qos, 0), job, run);
}
