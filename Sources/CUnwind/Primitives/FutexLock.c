// The contended paths of FutexLock.h.
#include "Primitives/FutexLock.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

void cunwind_futex_lock_wait(uint32_t *word) {
    // Mark the lock contended; whoever unlocks it then wakes a waiter.
    while (__atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) != 0) {
        syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
    }
}

void cunwind_futex_lock_wake(uint32_t *word) {
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
