// The OS name of the calling thread, for Swift (whose Glibc module hides the
// _GNU_SOURCE pthread name functions), and for panic reports.
#define _GNU_SOURCE
#include "ThreadState/OSThreadName.h"
#include "ThreadState/ThreadState.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

// The OS name as read once per thread: 0 not read yet, 1 set, -1 none.
static __attribute__((tls_model("initial-exec"))) _Thread_local signed char os_name_state;
static __attribute__((tls_model("initial-exec"))) _Thread_local char os_name[16];

/// The name a thread nobody named carries: the program's, cut to 15 bytes
/// as the kernel keeps it.
static void program_os_name(char name[16]) {
    memset(name, 0, 16);
    strncpy(name, program_invocation_short_name, 15);
}

int cunwind_os_thread_name_set(const char *name) {
    os_name_state = 0;
    cunwind_thread_state_storage.name_generation++;
    return pthread_setname_np(pthread_self(), name);
}

int cunwind_os_thread_name_get(char *buffer, size_t size) { return pthread_getname_np(pthread_self(), buffer, size); }

int cunwind_os_thread_name_reset(void) {
    char program[16];
    program_os_name(program);
    os_name_state = 0;
    cunwind_thread_state_storage.name_generation++;
    return pthread_setname_np(pthread_self(), program);
}

bool cunwind_thread_os_name(char *buffer, size_t size) {
    if (size == 0) return false;
    if (os_name_state == 0) {
        os_name_state = -1;
        if (pthread_getname_np(pthread_self(), os_name, sizeof os_name) == 0 && os_name[0] != 0) {
            char program[16];
            program_os_name(program);
            if (strncmp(os_name, program, sizeof program) != 0) os_name_state = 1;
        }
    }
    if (os_name_state != 1) return false;
    strncpy(buffer, os_name, size - 1);
    buffer[size - 1] = 0;
    return true;
}
