// This thread's last panic object (see PanicObjectCache.h): kept in this
// thread's panic slot (ThreadObjects.h).
#include "ThreadState/PanicObjectCache.h"

#include "ThreadState/ThreadObjects.h"

extern bool swift_isUniquelyReferenced_nonNull_native(const void *object);

void *cunwind_panic_object_cached(void) { return cunwind_thread_object(CUNWIND_THREAD_OBJECT_PANIC); }

bool cunwind_panic_object_is_unique(void *object) {
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
    // The last holder's release and this check order the holder's reads
    // before the refill through the Swift runtime's reference count, which
    // ThreadSanitizer cannot see (the runtime is not instrumented): it would
    // report every refill after a cross-thread `Panicked` as a race. Under it,
    // every text panic gets an object of its own.
    (void)object;
    return false;
#endif
#endif
    if (!swift_isUniquelyReferenced_nonNull_native(object)) return false;
    // The runtime loads the count with `consume` ordering, which is relaxed
    // where the hardware orders dependent accesses; the refill's writes do
    // not depend on the count. Acquire, so that the last holder's release
    // (a release decrement) orders its reads before them.
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return true;
}

void cunwind_panic_object_keep(void *retained) { cunwind_thread_object_replace(CUNWIND_THREAD_OBJECT_PANIC, retained); }
