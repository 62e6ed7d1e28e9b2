// This thread's last panic object (see PanicObjectCache.h): kept in this
// thread's panic slot (ThreadObjects.h).
#include "PanicObjectCache.h"

#include "ThreadObjects.h"

extern bool swift_isUniquelyReferenced_nonNull_native(const void *object);

void *cunwind_panic_object_cached(void) { return cunwind_thread_object(CUNWIND_THREAD_OBJECT_PANIC); }

bool cunwind_panic_object_is_unique(void *object) { return swift_isUniquelyReferenced_nonNull_native(object); }

void cunwind_panic_object_keep(void *retained) { cunwind_thread_object_replace(CUNWIND_THREAD_OBJECT_PANIC, retained); }
