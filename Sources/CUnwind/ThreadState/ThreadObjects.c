// Swift objects kept per thread, released at thread exit (see ThreadObjects.h).
#include "ThreadState/ThreadObjects.h"

#include <pthread.h>
#include <stddef.h>

extern void swift_release(void *object);

__attribute__((tls_model("initial-exec"))) _Thread_local void *cunwind_thread_objects[CUNWIND_THREAD_OBJECT_COUNT];

static pthread_key_t release_key;
static pthread_once_t release_key_once = PTHREAD_ONCE_INIT;

// At thread exit: the key's value is the thread's `cunwind_thread_objects`. A release may
// run a deinit that fills a slot again; the key is then set again, and
// pthread calls this once more.
static void release_at_exit(void *slots) {
    void **kept = slots;
    for (int which = 0; which < CUNWIND_THREAD_OBJECT_COUNT; which++) {
        void *object = kept[which];
        kept[which] = NULL;
        if (object != NULL) swift_release(object);
    }
}

static void make_release_key(void) { pthread_key_create(&release_key, release_at_exit); }

void cunwind_thread_object_replace(int which, void *retained) {
    pthread_once(&release_key_once, make_release_key);
    void *old = cunwind_thread_objects[which];
    cunwind_thread_objects[which] = retained;
    pthread_setspecific(release_key, cunwind_thread_objects);
    if (old != NULL) swift_release(old);
}
