// The per-thread copy of the panic hook (see HookCache.h).
#include "HookCache.h"

#include <pthread.h>
#include <stddef.h>

extern void swift_release(void *object);

static __attribute__((tls_model("initial-exec"))) _Thread_local void *cached_hook;
static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t cached_generation;

static pthread_key_t release_key;
static pthread_once_t release_key_once = PTHREAD_ONCE_INIT;

// At thread exit: the key's value is the copy.
static void release_at_exit(void *object) {
    if (object != NULL) swift_release(object);
}

static void make_release_key(void) { pthread_key_create(&release_key, release_at_exit); }

void *cunwind_hook_cache(uintptr_t *generation) {
    *generation = cached_generation;
    return cached_hook;
}

void cunwind_hook_cache_set(void *retained, uintptr_t generation) {
    pthread_once(&release_key_once, make_release_key);
    void *old = cached_hook;
    cached_hook = retained;
    cached_generation = generation;
    pthread_setspecific(release_key, retained);
    if (old != NULL) swift_release(old);
}
