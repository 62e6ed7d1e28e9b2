// libunwind, loaded on first use (LibunwindLoader.h).
#include "Loader/LibunwindLoader.h"

#include <dlfcn.h>
#include <pthread.h>

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static cunwind_backtrace_function backtrace_function;

static void load(void) {
    // Local: linked at start, libunwind's _Unwind_* and backtrace would come
    // before libgcc_s's and glibc's in the global scope; loaded this way they
    // stay private to us.
    void *library = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
    if (library != NULL) backtrace_function = (cunwind_backtrace_function)dlsym(library, "unw_backtrace");
}

cunwind_backtrace_function cunwind_libunwind_backtrace(void) {
    pthread_once(&load_once, load);
    return backtrace_function;
}
