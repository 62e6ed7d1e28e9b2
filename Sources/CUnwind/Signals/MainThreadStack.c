// The main thread's stack bottom without /proc/self/maps (MainThreadStack.h).
#define _GNU_SOURCE
#include "Signals/MainThreadStack.h"

#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <unistd.h>

/// Where the dynamic linker says the initial stack ends (glibc's own
/// anchor). A weak reference: a strong one would make the linker list
/// ld-linux-x86-64.so.2 among the program's own libraries, ahead of
/// libstdc++ in the order the dynamic linker searches for every symbol of
/// every library at start-up (issue 15); a weak one is bound all the same,
/// ld.so being loaded in every process, and is NULL where it is not.
extern void *__libc_stack_end __attribute__((weak));

static uintptr_t libc_stack_end(void) {
    return &__libc_stack_end == NULL ? 0 : (uintptr_t)__libc_stack_end;
}

bool cunwind_main_stack_bottom(uintptr_t *bottom) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_STACK, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return false;
    // The kernel keeps mmap_base at least 128 MiB (and the limit) below the
    // stack, so glibc's clip to the previous mapping never applies below that.
    if (limit.rlim_cur >= ((rlim_t)128 << 20)) return false;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    // The kernel copies the executable's name first, right below a null
    // pointer at the very top of the stack mapping: its end is the mapping's.
    const char *name = (const char *)getauxval(AT_EXECFN);
    if (name == NULL) return false;
    uintptr_t mapping_end = (uintptr_t)name + strlen(name) + 1 + sizeof(void *);
    uintptr_t anchor = libc_stack_end();
    if (mapping_end % page != 0 || anchor == 0 || anchor >= mapping_end) return false;
    // glibc (nptl/pthread_getattr_np.c): the stack "ends" at the page above
    // __libc_stack_end and is the limit long, less what lies above that page,
    // rounded down to a page.
    uintptr_t stack_end = (anchor & ~(page - 1)) + page;
    uintptr_t above = mapping_end - stack_end;
    if (limit.rlim_cur <= above) return false;
    uintptr_t size = (uintptr_t)(limit.rlim_cur - above) & ~(page - 1);
    if (size == 0 || size > stack_end) return false;
    *bottom = stack_end - size;
    return true;
}
