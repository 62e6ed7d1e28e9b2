#ifndef CUNWIND_HOOK_CACHE_H
#define CUNWIND_HOOK_CACHE_H

#include <stdint.h>

/// A per-thread copy of the panic hook (Panic's HookRegistry): a retained
/// Swift object and the registry's generation it was read at. The panic
/// path uses it without a lock while the generation is current. The object
/// is released when the thread exits or the copy is replaced.

/// This thread's copy (unretained), or NULL; `*generation` is 0 before the
/// first copy.
void *cunwind_hook_cache(uintptr_t *generation);

/// Replaces this thread's copy with `retained` (already retained for the
/// cache, or NULL) read at `generation`; the previous copy is released.
void cunwind_hook_cache_set(void *retained, uintptr_t generation);

#endif
