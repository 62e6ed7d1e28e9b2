// What a jump to the innermost catch frame would leave behind.
#include "SkippedFrames.h"
#include "CatchFrameInternal.h"
#include "LibunwindLoader.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t panic_entry_mark;

__attribute__((noinline)) void cunwind_mark_panic_entry(void) {
    // This function's own frame lies just below the entry's frame.
    panic_entry_mark = (uintptr_t)__builtin_frame_address(0);
}

bool cunwind_skipped_stack(uintptr_t *low, uintptr_t *high) {
    cunwind_catch_frame *frame = cunwind_landing_frame();
    if (frame == NULL) return false;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    *high = (uintptr_t)frame;
    // A mark between here and the catch frame belongs to this panic (a stale
    // one from an earlier panic lies elsewhere or is overwritten first).
    *low = (panic_entry_mark > here && panic_entry_mark < *high) ? panic_entry_mark : here;
    return *low < *high;
}

struct cunwind_function_set {
    int count;
    // Values v with v - base < span lie in (first start, last end].
    uintptr_t base, span;
    // One bit per 2^page_shift bytes of the span: set when a range touches it.
    unsigned page_shift;
    uint64_t pages[64];
    uintptr_t ranges[];
};

cunwind_function_set *cunwind_function_set_create(const uintptr_t *ranges, int count) {
    if (count <= 0) return NULL;
    cunwind_function_set *set = calloc(1, sizeof(cunwind_function_set) + 2 * (size_t)count * sizeof(uintptr_t));
    if (set == NULL) return NULL;
    set->count = count;
    memcpy(set->ranges, ranges, 2 * (size_t)count * sizeof(uintptr_t));
    set->base = ranges[0] + 1;
    set->span = ranges[2 * count - 1] - ranges[0];
    // The smallest page size (at least 4 KiB) whose 4096 pages cover the span.
    unsigned shift = 12;
    while (shift < 63 && (set->span >> shift) >= 64 * 64) shift++;
    set->page_shift = shift;
    for (int i = 0; i < count; i++) {
        uintptr_t first = (ranges[2 * i] + 1 - set->base) >> shift, last = (ranges[2 * i + 1] - set->base) >> shift;
        for (uintptr_t page = first; page <= last; page++) set->pages[page / 64] |= (uint64_t)1 << (page % 64);
    }
    return set;
}

// Whether `value` can be a return address into one of the set's functions.
static inline __attribute__((always_inline, no_sanitize("address", "thread", "memory"))) bool in_set(uintptr_t value, const cunwind_function_set *set) {
    uintptr_t offset = value - set->base;
    if (offset >= set->span) return false;
    uintptr_t page = offset >> set->page_shift;
    if (!(set->pages[page / 64] & ((uint64_t)1 << (page % 64)))) return false;
    // Binary search for the last range starting below value.
    const uintptr_t *ranges = set->ranges;
    int first = 0, last = set->count - 1;
    while (first < last) {
        int middle = (first + last + 1) / 2;
        if (ranges[2 * middle] < value) first = middle; else last = middle - 1;
    }
    return value > ranges[2 * first] && value <= ranges[2 * first + 1];
}

// Reads every word of the live stack, padding and sanitizers' red zones
// included: not instrumented.
__attribute__((no_sanitize("address", "thread", "memory")))
int cunwind_scan_stack_words(uintptr_t low, uintptr_t high, const cunwind_function_set *set, uintptr_t *hits, int capacity) {
    if (set == NULL || low >= high) return 0;
    const uintptr_t base = set->base, span = set->span;
    int found = 0;
    const uintptr_t *word = (const uintptr_t *)((low + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1));
    const uintptr_t *end = (const uintptr_t *)(high & ~(uintptr_t)(sizeof(uintptr_t) - 1));
    for (; word < end; word++) {
        uintptr_t value = *word;
        if (__builtin_expect(value - base >= span, 1)) continue;
        if (in_set(value, set)) {
            if (found < capacity) hits[found] = value;
            found++;
        }
    }
    return found;
}

__attribute__((noinline)) int cunwind_skipped_return_addresses(uintptr_t *addresses, int capacity) {
    if (cunwind_landing_frame() == NULL || capacity <= 0) return -1;
    // libunwind's fast path (cached, no signal-mask calls). The first return
    // address that lands back in cunwind_catch belongs to the innermost
    // catch frame.
    cunwind_backtrace_function backtrace = cunwind_libunwind_backtrace();
    if (backtrace == NULL) return -1;
    int count = backtrace((void **)addresses, capacity);
    uintptr_t catch_return = (uintptr_t)__atomic_load_n(&cunwind_catch_body_return, __ATOMIC_RELAXED);
    for (int index = 0; index < count; index++) {
        if (addresses[index] == catch_return) return index;
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
