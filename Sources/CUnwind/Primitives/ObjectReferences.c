#include "Primitives/ObjectReferences.h"

// Only the unwinding strategy catches async panics: nothing here under PanicAbort.
#if !CUNWIND_PANIC_ABORT

// The Swift runtime's reference counting entry points (C calling convention).
extern size_t swift_retainCount(void *object);
extern void swift_release_n(void *object, uint32_t count);

size_t cunwind_object_strong_count(void *object) { return swift_retainCount(object); }

void cunwind_object_release(void *object, uint32_t count) {
    if (object != NULL && count > 0) swift_release_n(object, count);
}

#endif
