#ifndef CUNWIND_STALE_WORDS_H
#define CUNWIND_STALE_WORDS_H

#include <stdint.h>

// Words the stack scan examined in the frames a landing panic leaves,
// erased just before the jump: the ones it flagged, and the ones that lay
// near the hazardous functions (in the scan set's span) without being in
// one. The scan is conservative: a stale return address left in a live
// frame's unused slot by an earlier, deeper call (into the Swift runtime's
// once initializer, say) sends the panic to the exact walk, about 20 ns a
// frame; a stale pointer into libc or the runtime costs a closer look.
// Left there, either would cost the same for every later panic from the
// same place, since the same frames never write that slot. Once the panic
// has run its cleanups and is about to land, the frames it skips are dead:
// erasing the words there costs nothing and spares the next panic.

/// How many stack words a panic can keep to erase.
#define CUNWIND_STALE_WORDS_CAPACITY 32

/// Keeps the addresses of the stack words the scan flagged for this panic
/// (at most CUNWIND_STALE_WORDS_CAPACITY, the first ones; an earlier
/// panic's are forgotten).
void cunwind_stale_words_keep(const uintptr_t *slots, int count);

/// How many words are kept (StaleWords.c).
extern __attribute__((tls_model("initial-exec"))) _Thread_local int cunwind_stale_words_kept;

/// Zeroes the kept words (cunwind_stale_words_erase_kept) when there are any.
/// Inline: nearly every panic has none.
static inline void cunwind_stale_words_erase(void) {
    void cunwind_stale_words_erase_kept(void);
    if (cunwind_stale_words_kept != 0) cunwind_stale_words_erase_kept();
}

/// Zeroes the kept words that lie in the frames the jump to the innermost
/// catch frame leaves (below the catching function's own frame), then
/// forgets them. Call after the panic's cleanups, right before the jump.
void cunwind_stale_words_erase_kept(void);

#endif
