// The pthread mutexes and rwlocks each thread holds, counted by interposing
// the lock and unlock functions: a panic that would jump over frames which
// took a lock and never gave it back is seen at the landing.
#ifndef CUNWIND_HELD_LOCKS_H
#define CUNWIND_HELD_LOCKS_H

#include <stdbool.h>
#include <stdint.h>

/// What kind of lock a tracked acquisition took.
typedef enum {
    CUNWIND_LOCK_MUTEX = 1,
    CUNWIND_LOCK_RWLOCK_READ = 2,
    CUNWIND_LOCK_RWLOCK_WRITE = 3,
} cunwind_lock_kind;

/// The `index`-th lock the calling thread holds, counted from the oldest
/// (0 ..< the count), when the thread's short record still has
/// it: its kind, its address and the return address into the code that
/// called the lock function. False when the record has lost it (more than
/// CUNWIND_HELD_LOCKS_RECORDED held, or unlocked out of order).
bool cunwind_held_lock(int32_t index, cunwind_lock_kind *kind, const void **lock, const void **caller);

/// How many acquisitions the short per-thread record keeps.
#define CUNWIND_HELD_LOCKS_RECORDED 16

/// How many locks the calling thread took since its innermost catch frame
/// opened and still holds (the locks a jump to it would leave held); the
/// index of the first of them for `cunwind_held_lock` in `*first`.
int32_t cunwind_locks_taken_in_skipped_frames(int32_t *first);

#endif
