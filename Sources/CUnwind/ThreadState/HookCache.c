// The per-thread copy of the panic hook (see HookCache.h): kept in this
// thread's hook slot (ThreadObjects.h), with the generation it was read at.
#include "ThreadState/HookCache.h"

#include "ThreadState/ThreadObjects.h"

static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t cached_generation;

void *cunwind_hook_cache(uintptr_t *generation) {
    *generation = cached_generation;
    return cunwind_thread_object(CUNWIND_THREAD_OBJECT_HOOK);
}

void cunwind_hook_cache_set(void *retained, uintptr_t generation) {
    cached_generation = generation;
    cunwind_thread_object_replace(CUNWIND_THREAD_OBJECT_HOOK, retained);
}
