// Loads libdw on first use (CLibdw.h), for the trampolines.
#include "CLibdw.h"
#include "LibdwLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static void *library;

const char *clibdw_library_name(void) {
    const char *name = getenv("PANIC_LIBDW");
    return (name != NULL && name[0] != '\0') ? name : "libdw.so.1";
}

static void load(void) {
    // Local: libdw's symbols (and libelf's, which it pulls in) stay out of
    // the global scope, where they would interpose on nobody's behalf.
    library = dlopen(clibdw_library_name(), RTLD_NOW | RTLD_LOCAL);
    // Another library under that name (PANIC_LIBDW set to the wrong file) counts as none.
    if (library != NULL && dlsym(library, "dwfl_begin") == NULL) {
        dlclose(library);
        library = NULL;
    }
}

bool clibdw_load(void) {
    pthread_once(&load_once, load);
    return library != NULL;
}

void *clibdw_symbol(void **slot, const char *name) {
    void *function = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (function != NULL) return function;
    if (!clibdw_load()) return NULL;
    // dlsym searches libdw and then its dependencies (libelf's functions).
    function = dlsym(library, name);
    if (function != NULL) __atomic_store_n(slot, function, __ATOMIC_RELEASE);
    return function;
}
