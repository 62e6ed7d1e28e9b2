#include "Async/MainQueue.h"

#include <dlfcn.h>
#include <stddef.h>

typedef int (*cunwind_queue_handle_function)(void);
typedef void (*cunwind_queue_callback_function)(void *);

// Written once, on the main thread, before any other use (`start` for an async main).
static cunwind_queue_handle_function queue_handle;
static cunwind_queue_callback_function queue_callback;

bool cunwind_main_queue_available(void) {
    if (queue_handle == NULL || queue_callback == NULL) {
        queue_handle = (cunwind_queue_handle_function)dlsym(RTLD_DEFAULT, "_dispatch_get_main_queue_handle_4CF");
        queue_callback = (cunwind_queue_callback_function)dlsym(RTLD_DEFAULT, "_dispatch_main_queue_callback_4CF");
    }
    return queue_handle != NULL && queue_callback != NULL;
}

int cunwind_main_queue_handle(void) { return queue_handle(); }

void cunwind_main_queue_drain(void) { queue_callback(NULL); }
