#ifndef CUNWIND_ATOMIC_WORD_H
#define CUNWIND_ATOMIC_WORD_H

#include <stdint.h>

// Atomic operations on a word, inline, for Panic's PanicAtomic and
// PanicLock: the standard library's Atomic and Mutex live in
// libswiftSynchronization.so (which also loads libswiftGlibc.so), and a
// library loaded at every start is what adopting swift-panic must not cost.
// Loads acquire, stores release, read-modify-writes do both.

/// The word's value.
static inline intptr_t cunwind_atomic_load(const intptr_t *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }

/// Stores `value`.
static inline void cunwind_atomic_store(intptr_t *word, intptr_t value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }

/// Adds `delta`; returns the value before.
static inline intptr_t cunwind_atomic_add(intptr_t *word, intptr_t delta) { return __atomic_fetch_add(word, delta, __ATOMIC_ACQ_REL); }

/// Stores `value`; returns the value before.
static inline intptr_t cunwind_atomic_exchange(intptr_t *word, intptr_t value) { return __atomic_exchange_n(word, value, __ATOMIC_ACQ_REL); }

/// The process-wide words the panic path reads on every panic (Panic's
/// PanicWord), zero at start: in C, a word needs no lazy initialization,
/// which a Swift global holding an object is checked for at every access.
/// Each has a cache line of its own (the panic count is written by every
/// panicking thread).
enum {
    CUNWIND_WORD_GLOBAL_PANIC_COUNT = 0,
    CUNWIND_WORD_HOOK_GENERATION = 1,
    CUNWIND_WORD_RESOLVED_HAZARDS = 2,
    CUNWIND_WORD_REPORT_CAPTURE_PROVIDER = 3,
    CUNWIND_WORD_PROCESS_CLEANUP_LOCK = 4,
    CUNWIND_WORD_PROCESS_CLEANUP_LIST = 5,
    CUNWIND_WORD_COUNT = 6,
};

/// The words, 8 apart (64 bytes).
extern intptr_t cunwind_words[CUNWIND_WORD_COUNT * 8];

/// The address of word `which`.
static inline intptr_t *cunwind_word(int which) { return &cunwind_words[which * 8]; }

/// Word `which` as a futex lock word (FutexLock.h), 0 (unlocked) at start.
static inline uint32_t *cunwind_lock_word(int which) { return (uint32_t *)cunwind_word(which); }

/// Takes a futex lock word (FutexLock.h) only when it is free; true when taken.
static inline _Bool cunwind_futex_try_lock(uint32_t *word) {
    uint32_t expected = 0;
    return __atomic_compare_exchange_n(word, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

#endif
