#define _GNU_SOURCE
#include "ThreadState.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Thread_local cunwind_thread_state thread_state;
static _Thread_local char *thread_name;

static pthread_key_t name_key;
static pthread_once_t name_key_once = PTHREAD_ONCE_INIT;

static void free_name(void *name) { free(name); }
static void make_name_key(void) { pthread_key_create(&name_key, free_name); }

cunwind_thread_state *cunwind_thread_state_current(void) { return &thread_state; }

void cunwind_thread_set_name(const char *name) {
    pthread_once(&name_key_once, make_name_key);
    char *copy = name ? strdup(name) : NULL;
    char *old = thread_name;
    thread_name = copy;
    // The key's destructor frees the copy when the thread exits.
    pthread_setspecific(name_key, copy);
    free(old);
}

const char *cunwind_thread_name(void) { return thread_name; }

pid_t cunwind_thread_id(void) { return gettid(); }

bool cunwind_thread_os_name(char *buffer, size_t size) {
    if (size == 0 || pthread_getname_np(pthread_self(), buffer, size) != 0) return false;
    if (buffer[0] == 0) return false;
    // An unnamed thread carries the program's name (truncated to 15 bytes).
    char program[16] = {0};
    strncpy(program, program_invocation_short_name, sizeof program - 1);
    return strncmp(buffer, program, sizeof program) != 0;
}
