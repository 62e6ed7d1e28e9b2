// Where the Swift runtime keeps this thread's access set (CUnwind only).
#ifndef CUNWIND_ACCESS_SET_HEAD_H
#define CUNWIND_ACCESS_SET_HEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// This thread's word in the Swift runtime that holds the head of its set
/// of tracked accesses (the newest record), once located; NULL before.
extern __attribute__((tls_model("initial-exec"))) _Thread_local const void *const *cunwind_access_head_word;

/// Locates this thread's head word (AccessSetHead.c); false when it cannot
/// be found or checked, and the runtime must be asked instead.
bool cunwind_access_head_locate(void);

/// The head of this thread's set of tracked accesses, read directly when
/// the word is located: one load instead of a call into the runtime
/// (swift_task_enterThreadLocalContext, which finds its thread-local
/// context through __tls_get_addr). False when the caller must ask the
/// runtime.
static inline bool cunwind_access_head(const void **head) {
    const void *const *word = cunwind_access_head_word;
    if (__builtin_expect(word == NULL, 0)) {
        if (!cunwind_access_head_locate()) return false;
        word = cunwind_access_head_word;
    }
    *head = *word;
    return true;
}

#endif
