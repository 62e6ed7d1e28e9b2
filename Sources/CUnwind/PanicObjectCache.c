// This thread's last panic object (see PanicObjectCache.h).
#include "PanicObjectCache.h"

#include <pthread.h>
#include <stddef.h>

extern void swift_release(void *object);
extern bool swift_isUniquelyReferenced_nonNull_native(const void *object);

static __attribute__((tls_model("initial-exec"))) _Thread_local void *kept;

static pthread_key_t release_key;
static pthread_once_t release_key_once = PTHREAD_ONCE_INIT;

// At thread exit: the key's value is the kept object.
static void release_at_exit(void *object) {
    if (object != NULL) swift_release(object);
}

static void make_release_key(void) { pthread_key_create(&release_key, release_at_exit); }

void *cunwind_panic_object_cached(void) { return kept; }

bool cunwind_panic_object_is_unique(void *object) { return swift_isUniquelyReferenced_nonNull_native(object); }

void cunwind_panic_object_keep(void *retained) {
    pthread_once(&release_key_once, make_release_key);
    void *old = kept;
    kept = retained;
    pthread_setspecific(release_key, retained);
    if (old != NULL) swift_release(old);
}
