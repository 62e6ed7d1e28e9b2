#ifndef CUNWIND_THREAD_OBJECTS_H
#define CUNWIND_THREAD_OBJECTS_H

// Swift objects a thread keeps for itself, each retained once by its slot
// and released when the thread exits or the slot is given another: the
// copy of the panic hook (HookCache) and the last panic object
// (PanicObjectCache). One pthread key releases them all at thread exit.

enum {
    CUNWIND_THREAD_OBJECT_HOOK = 0,
    CUNWIND_THREAD_OBJECT_PANIC = 1,
    CUNWIND_THREAD_OBJECT_COUNT = 2,
};

/// This thread's slots (ThreadObjects.c; initial-exec: one %fs-relative load).
extern __attribute__((tls_model("initial-exec"))) _Thread_local void *cunwind_thread_objects[CUNWIND_THREAD_OBJECT_COUNT];

/// This thread's object in slot `which` (unretained), or NULL. Inline: the
/// panic path reads the hook's slot at every panic.
static inline void *cunwind_thread_object(int which) { return cunwind_thread_objects[which]; }

/// Puts `retained` (retained for the slot, or NULL) in slot `which` of this
/// thread; the object it held, if any, is released.
void cunwind_thread_object_replace(int which, void *retained);

#endif
