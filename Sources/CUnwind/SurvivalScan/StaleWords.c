// Flagged words in the frames a landing panic leaves (see StaleWords.h).
#include "SurvivalScan/StaleWords.h"

#include "CatchFrames/CatchFrameInternal.h"
#include "SurvivalScan/SkippedFrames.h"

#include <stdbool.h>

// Nothing lands under PanicAbort.
#if !CUNWIND_PANIC_ABORT

static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t kept_slots[CUNWIND_STALE_WORDS_CAPACITY];
__attribute__((tls_model("initial-exec"))) _Thread_local int cunwind_stale_words_kept;

void cunwind_stale_words_keep(const uintptr_t *slots, int count) {
    if (count < 0) count = 0;
    if (count > CUNWIND_STALE_WORDS_CAPACITY) count = CUNWIND_STALE_WORDS_CAPACITY;
    for (int index = 0; index < count; index++) kept_slots[index] = slots[index];
    cunwind_stale_words_kept = count;
}

// Writes into frames about to be abandoned, padding and red zones
// included: not instrumented.
__attribute__((no_sanitize("address", "thread", "memory")))
static uintptr_t word_at(uintptr_t slot) { return *(const uintptr_t *)slot; }

__attribute__((no_sanitize("address", "thread", "memory")))
static void zero_word_at(uintptr_t slot) { *(volatile uintptr_t *)slot = 0; }

void cunwind_stale_words_erase_kept(void) {
    int count = cunwind_stale_words_kept;
    cunwind_stale_words_kept = 0;
    if (count == 0) return;
    uintptr_t low, high;
    if (!cunwind_skipped_stack(&low, &high)) return;
    // The catching function's own frame, which the jump returns to, begins
    // at the slot of its call to the body (the return address recorded by
    // cunwind_call_body), the nearest one below the frame's record. Only the
    // words below it, in the body's frames, are erased.
    uintptr_t boundary = 0;
    uintptr_t slot = (high & ~(uintptr_t)(sizeof(uintptr_t) - 1)) - sizeof(uintptr_t);
    for (int budget = 64; budget > 0 && slot >= low; budget--, slot -= sizeof(uintptr_t)) {
        if (cunwind_is_catch_body_return(word_at(slot))) {
            boundary = slot;
            break;
        }
    }
    if (boundary == 0) return;
    for (int index = 0; index < count; index++) {
        uintptr_t stale = kept_slots[index];
        if (stale >= low && stale < boundary && stale % sizeof(uintptr_t) == 0) zero_word_at(stale);
    }
}

#endif
