#ifndef CUNWIND_OBJECT_REFERENCES_H
#define CUNWIND_OBJECT_REFERENCES_H

#include <stddef.h>
#include <stdint.h>

/// The strong reference count of a Swift heap object (the Swift runtime's
/// `swift_retainCount`).
size_t cunwind_object_strong_count(void *object);

/// Releases a Swift heap object `count` times (the runtime's
/// `swift_release_n`, which Swift code cannot name): for references whose
/// holders are known never to run again (PanicRuntime's abandoned tasks).
void cunwind_object_release(void *object, uint32_t count);

#endif
