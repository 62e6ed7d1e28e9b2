#ifndef CUNWIND_PANIC_OBJECT_CACHE_H
#define CUNWIND_PANIC_OBJECT_CACHE_H

// This thread's last panic object (Panic's InFlightPanic), kept so that the
// next panic on the thread can refill it instead of allocating one, when
// nothing else holds it any more. A retained Swift object, released when
// the thread exits or the object is replaced.

#include <stdbool.h>

/// This thread's kept object (unretained), or NULL.
void *cunwind_panic_object_cached(void);

/// Keeps `retained` (already retained for the cache) as this thread's
/// object; the previous one, if any, is released.
void cunwind_panic_object_keep(void *retained);

/// True when the kept `object` has one strong reference only (the cache's):
/// the Swift runtime's `swift_isUniquelyReferenced_nonNull_native`, then an
/// acquire fence, so that the last holder's release orders its reads before
/// the caller's writes. Always false under ThreadSanitizer, which cannot see
/// that ordering (PanicObjectCache.c).
bool cunwind_panic_object_is_unique(void *object);

#endif
