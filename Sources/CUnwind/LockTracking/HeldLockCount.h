// The calling thread's count of held pthread locks, for the catch frame's
// open (inline, one thread-local load). Not exported: Swift imports no
// thread-local variables.
#ifndef CUNWIND_HELD_LOCK_COUNT_H
#define CUNWIND_HELD_LOCK_COUNT_H

#include <stdint.h>

extern __attribute__((tls_model("initial-exec"))) _Thread_local int32_t cunwind_held_lock_count;

#endif
