// What a jump to the innermost catch frame would leave behind.
#include "SkippedFrames.h"
#include "CatchFrameInternal.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <stddef.h>

bool cunwind_skipped_stack(uintptr_t *low, uintptr_t *high) {
    cunwind_catch_frame *frame = cunwind_innermost_catch_frame();
    if (frame == NULL) return false;
    *low = (uintptr_t)__builtin_frame_address(0);
    *high = (uintptr_t)frame;
    return *low < *high;
}

int cunwind_scan_stack_words(uintptr_t low, uintptr_t high, const uintptr_t *ranges, int count, uintptr_t *hits, int capacity) {
    if (count <= 0 || low >= high) return 0;
    const uintptr_t lowest = ranges[0], highest = ranges[2 * count - 1];
    int found = 0;
    for (const uintptr_t *word = (const uintptr_t *)((low + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1));
         (uintptr_t)word < high; word++) {
        uintptr_t value = *word;
        if (value < lowest || value >= highest) continue;
        // Binary search for the last range starting at or below value.
        int first = 0, last = count - 1;
        while (first < last) {
            int middle = (first + last + 1) / 2;
            if (ranges[2 * middle] <= value) first = middle; else last = middle - 1;
        }
        if (value >= ranges[2 * first] && value < ranges[2 * first + 1]) {
            if (found < capacity) hits[found] = value;
            found++;
        }
    }
    return found;
}

__attribute__((noinline)) int cunwind_skipped_return_addresses(uintptr_t *addresses, int capacity) {
    cunwind_catch_frame *frame = cunwind_innermost_catch_frame();
    if (frame == NULL) return -1;
    unw_context_t context;
    unw_cursor_t cursor;
    if (unw_getcontext(&context) != 0 || unw_init_local(&cursor, &context) != 0) return -1;
    int count = 0;
    // The first step leaves this function's own frame.
    while (unw_step(&cursor) > 0) {
        unw_word_t sp = 0, ip = 0;
        unw_get_reg(&cursor, UNW_REG_SP, &sp);
        // The catch frame's record lies in cunwind_catch's frame: a frame
        // whose stack pointer is above it is cunwind_catch or its callers.
        if (sp > (unw_word_t)frame) return count;
        unw_get_reg(&cursor, UNW_REG_IP, &ip);
        if (count == capacity) return -1;
        addresses[count++] = (uintptr_t)ip;
    }
    return -1;
}

// The Swift runtime's record of a tracked access (Exclusivity.cpp, `Access`):
// the variable's address, the pc that began it, and the next record with the
// action (0 read, 1 modify) in its low bit. Stable since Swift 5; guarded by
// the test `interruptedAccessRecords` (PanicRuntimeTests/SurvivalTests).
typedef struct access_record {
    const void *pointer;
    const void *pc;
    uintptr_t next_and_action;
} access_record;

int cunwind_interrupted_modifications(const void *first, const void **first_modified) {
    int modifications = 0;
    *first_modified = NULL;
    // Bounded: a corrupt list must not hang the panic path.
    int budget = 100000;
    for (const access_record *record = first; record != NULL && budget-- > 0;
         record = (const access_record *)(record->next_and_action & ~(uintptr_t)1)) {
        if (record->next_and_action & 1) {
            if (modifications == 0) *first_modified = record->pointer;
            modifications++;
        }
    }
    return modifications;
}
