// The process-wide words of AtomicWord.h.
#include "Primitives/AtomicWord.h"

__attribute__((aligned(64))) intptr_t cunwind_words[CUNWIND_WORD_COUNT * 8];
