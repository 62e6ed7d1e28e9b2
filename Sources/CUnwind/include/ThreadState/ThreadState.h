#ifndef CUNWIND_THREAD_STATE_H
#define CUNWIND_THREAD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// What swift-panic keeps per thread. Reached with one thread-local access,
/// no lock, no pthread key lookup.
typedef struct cunwind_thread_state {
    /// Panics in flight on this thread (the thread-local panic count).
    intptr_t panic_count;
    /// True while this thread runs the panic hook.
    bool in_panic_hook;
    /// While non-NULL, this thread's panics are captured instead of hooked
    /// (Panic's ReportCapture, an unretained Swift object).
    void *report_capture;
    /// True while this thread runs the cleanups (`withUnwindCleanup`) of a
    /// panic in flight: a panic there cannot unwind.
    bool in_unwind_cleanup;
    /// Bumped whenever the name a report gives this thread may have
    /// changed (a recorded name, the OS name set through this package, a
    /// fork): a name read earlier on this thread is current while this
    /// has not moved.
    uintptr_t name_generation;
} cunwind_thread_state;

/// This thread's state (defined in ThreadState.c; initial-exec: the
/// package is linked into the program, so one %fs-relative access).
extern __attribute__((tls_model("initial-exec"))) _Thread_local cunwind_thread_state cunwind_thread_state_storage;

/// This thread's state. Inline: the panic path asks for it several times
/// per panic.
static inline cunwind_thread_state *cunwind_thread_state_current(void) { return &cunwind_thread_state_storage; }

/// Records `name` (copied, NUL-terminated UTF-8) as this thread's name for
/// panic reports; NULL forgets it. The copy is freed when the thread exits.
void cunwind_thread_set_name(const char *name);

/// This thread's recorded name, or NULL.
const char *cunwind_thread_name(void);

/// The kernel's id of this thread (gettid), cached per thread.
pid_t cunwind_thread_id(void);

/// True on the process's main thread (whose id is the process id).
bool cunwind_thread_is_main(void);

#endif
