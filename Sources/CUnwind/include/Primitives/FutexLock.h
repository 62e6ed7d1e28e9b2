#ifndef CUNWIND_FUTEX_LOCK_H
#define CUNWIND_FUTEX_LOCK_H

#include <stdbool.h>
#include <stdint.h>

// A small mutex on one 32-bit word (0 unlocked, 1 locked, 2 locked with
// waiters), for PanicMutex: unlike Synchronization.Mutex, it can be
// released from an unwind cleanup. The fast paths are inline, so that Swift
// inlines them; the contended paths sleep on a futex.

/// Waits until the lock at `word` is taken by the caller (contended path).
void cunwind_futex_lock_wait(uint32_t *word);

/// Wakes one waiter of the lock at `word` (contended path).
void cunwind_futex_lock_wake(uint32_t *word);

/// Takes the lock at `word`.
static inline void cunwind_futex_lock(uint32_t *word) {
    uint32_t expected = 0;
    if (__atomic_compare_exchange_n(word, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
    cunwind_futex_lock_wait(word);
}

/// Releases the lock at `word`, taken by `cunwind_futex_lock`.
static inline void cunwind_futex_unlock(uint32_t *word) {
    if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2) cunwind_futex_lock_wake(word);
}

#endif
