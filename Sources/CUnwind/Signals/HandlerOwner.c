// Classifies a signal action by the loaded object its function lies in
// (see HandlerOwner.h).
#define _GNU_SOURCE
#include "Signals/HandlerOwner.h"

#include <dlfcn.h>
#include <stdint.h>

// libswiftCore: any of its functions names the runtime's image.
extern void *swift_retain(void *object);

void *cunwind_action_function(const struct sigaction *action) {
    if (action->sa_flags & SA_SIGINFO) return (void *)action->sa_sigaction;
    if (action->sa_handler == SIG_DFL || action->sa_handler == SIG_IGN) return NULL;
    return (void *)action->sa_handler;
}

// The last function classified, with bit 0 set when it is another tool's,
// so that a panic asking again calls no dladdr (an odd address is never cached).
static uintptr_t cached_answer;

static void *image_of(void *function) {
    Dl_info info;
    return dladdr(function, &info) != 0 ? info.dli_fbase : NULL;
}

bool cunwind_action_is_another_tools(const struct sigaction *action) {
    void *function = cunwind_action_function(action);
    if (function == NULL) return false;
    uintptr_t address = (uintptr_t)function;
    uintptr_t answer = __atomic_load_n(&cached_answer, __ATOMIC_ACQUIRE);
    if ((answer & ~(uintptr_t)1) == address) return answer & 1;
    void *image = image_of(function);
    // Statically linked, the runtime shares the program's image: then every
    // handler there counts as the runtime's, and traps are landed as before.
    bool another = image == NULL || image != image_of((void *)swift_retain);
    __atomic_store_n(&cached_answer, address | (another ? 1 : 0), __ATOMIC_RELEASE);
    return another;
}
