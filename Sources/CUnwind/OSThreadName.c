// The OS name of the calling thread, for Swift (whose Glibc module hides the
// _GNU_SOURCE pthread name functions).
#define _GNU_SOURCE
#include "OSThreadName.h"
#include "ThreadState.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

int cunwind_os_thread_name_set(const char *name) {
    cunwind_thread_forget_os_name();
    return pthread_setname_np(pthread_self(), name);
}

int cunwind_os_thread_name_get(char *buffer, size_t size) { return pthread_getname_np(pthread_self(), buffer, size); }

int cunwind_os_thread_name_reset(void) {
    char program[16] = {0};
    strncpy(program, program_invocation_short_name, sizeof program - 1);
    cunwind_thread_forget_os_name();
    return pthread_setname_np(pthread_self(), program);
}
