#define _GNU_SOURCE
#include "ThreadState/ThreadState.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((tls_model("initial-exec"))) _Thread_local cunwind_thread_state cunwind_thread_state_storage;
static __attribute__((tls_model("initial-exec"))) _Thread_local char *thread_name;

static pthread_key_t name_key;
static pthread_once_t name_key_once = PTHREAD_ONCE_INIT;

static void free_name(void *name) { free(name); }
static void make_name_key(void) { pthread_key_create(&name_key, free_name); }



void cunwind_thread_set_name(const char *name) {
    pthread_once(&name_key_once, make_name_key);
    char *copy = name ? strdup(name) : NULL;
    char *old = thread_name;
    thread_name = copy;
    // The key's destructor frees the copy when the thread exits.
    pthread_setspecific(name_key, copy);
    free(old);
    cunwind_thread_state_storage.name_generation++;
}

const char *cunwind_thread_name(void) { return thread_name; }

// Ids, cached: a panic asks for them every time, and each is a system call.
// A forked child has new ones: the fork handler forgets them.
static __attribute__((tls_model("initial-exec"))) _Thread_local pid_t cached_thread_id;
static pid_t cached_process_id;
static pthread_once_t fork_handler_once = PTHREAD_ONCE_INIT;

static void forget_after_fork(void) {
    cached_thread_id = 0;
    __atomic_store_n(&cached_process_id, 0, __ATOMIC_RELAXED);
    // The forking thread is the child's main thread now.
    cunwind_thread_state_storage.name_generation++;
}

static void install_fork_handler(void) { pthread_atfork(NULL, NULL, forget_after_fork); }

pid_t cunwind_thread_id(void) {
    if (cached_thread_id == 0) {
        pthread_once(&fork_handler_once, install_fork_handler);
        cached_thread_id = gettid();
    }
    return cached_thread_id;
}

// Read and written by any thread (relaxed: every writer stores the same value).
bool cunwind_thread_is_main(void) {
    pid_t process = __atomic_load_n(&cached_process_id, __ATOMIC_RELAXED);
    if (process == 0) {
        process = getpid();
        __atomic_store_n(&cached_process_id, process, __ATOMIC_RELAXED);
    }
    return cunwind_thread_id() == process;
}
