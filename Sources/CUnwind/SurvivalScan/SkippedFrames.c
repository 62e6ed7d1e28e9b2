// What a jump to the innermost catch frame would leave behind.
#include "SurvivalScan/SkippedFrames.h"
#include "SurvivalScan/StaleWords.h"
#include "CatchFrames/CatchFrameInternal.h"
#include "Loader/LibunwindLoader.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t panic_entry_mark;
// The frame record of the entry's caller, where a frame-pointer walk starts (0 without one).
static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t panic_entry_frame;

__attribute__((noinline)) void cunwind_mark_panic_entry(void) {
    // Above the entry's own frame (its frame record: the saved frame pointer
    // and the return address into its caller): the skipped frames start
    // with the caller's. The entry's locals are not scanned: they hold
    // stale words from earlier, deeper calls (a stale return address into
    // `swift_once` there made every round trip walk the stack).
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wframe-address"
    uintptr_t entry_frame = (uintptr_t)__builtin_frame_address(1);
#pragma clang diagnostic pop
    uintptr_t own_frame = (uintptr_t)__builtin_frame_address(0);
    // Without a frame pointer in the entry, its own frame's bottom.
    panic_entry_mark = entry_frame > own_frame ? entry_frame + 2 * sizeof(void *) : own_frame;
    panic_entry_frame = entry_frame > own_frame ? entry_frame : 0;
}

uintptr_t cunwind_panic_entry_frame(void) { return panic_entry_frame; }

uintptr_t cunwind_panic_entry_return(void) { return panic_entry_frame != 0 ? ((const uintptr_t *)panic_entry_frame)[1] : 0; }

// The rest serves the survival check of a caught panic: nothing is caught
// under PanicAbort.
#if !CUNWIND_PANIC_ABORT

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

// Where `value` falls against the set: outside the set's span, inside the
// span but in none of its functions, or a possible return address into one
// of them.
typedef enum { OUTSIDE, NEAR, INSIDE } placement;

static inline __attribute__((always_inline, no_sanitize("address", "thread", "memory"))) placement place(uintptr_t value, const cunwind_function_set *set) {
    uintptr_t offset = value - set->base;
    if (offset >= set->span) return OUTSIDE;
    uintptr_t page = offset >> set->page_shift;
    if (!(set->pages[page / 64] & ((uint64_t)1 << (page % 64)))) return NEAR;
    // Binary search for the last range starting below value.
    const uintptr_t *ranges = set->ranges;
    int first = 0, last = set->count - 1;
    while (first < last) {
        int middle = (first + last + 1) / 2;
        if (ranges[2 * middle] < value) first = middle; else last = middle - 1;
    }
    return value > ranges[2 * first] && value <= ranges[2 * first + 1] ? INSIDE : NEAR;
}

// What a scan found: the first `capacity` flagged words and their slots
// (`slots` may be NULL), how many in all; and, when `near` is not NULL, the
// slots of up to `near_capacity` words that lay in the set's span but in
// none of its functions.
typedef struct {
    uintptr_t *hits, *slots;
    int capacity, found;
    uintptr_t *near;
    int near_capacity, near_count;
} scan_result;

// Counts the words of [word, end) that can be return addresses into the
// set's functions. Most stack words lie outside [base, base + span) (stack
// addresses, the program's own code, small numbers), so testing that range,
// several words at a time, is the whole cost of a scan that finds nothing;
// a word inside the span is placed exactly (the page bitmap turns most of
// them away). Reads padding and sanitizers' red zones too: not instrumented.
typedef void (*span_scan)(const uintptr_t *word, const uintptr_t *end, const cunwind_function_set *set, scan_result *result);

static inline __attribute__((always_inline, no_sanitize("address", "thread", "memory")))
void check_word(const uintptr_t *word, const cunwind_function_set *set, scan_result *result) {
    switch (place(*word, set)) {
    case OUTSIDE:
        break;
    case NEAR:
        if (result->near != NULL && result->near_count < result->near_capacity) result->near[result->near_count++] = (uintptr_t)word;
        break;
    case INSIDE:
        if (result->found < result->capacity) {
            result->hits[result->found] = *word;
            if (result->slots != NULL) result->slots[result->found] = (uintptr_t)word;
        }
        result->found++;
        break;
    }
}

static inline __attribute__((always_inline, no_sanitize("address", "thread", "memory")))
void check_words(const uintptr_t *word, const uintptr_t *end, const cunwind_function_set *set, scan_result *result) {
    for (; word < end; word++) check_word(word, set, result);
}

__attribute__((no_sanitize("address", "thread", "memory")))
static void scan_scalar(const uintptr_t *word, const uintptr_t *end, const cunwind_function_set *set, scan_result *result) {
    const uintptr_t base = set->base, span = set->span;
    for (; end - word >= 4; word += 4) {
        // Four words without a branch each.
        if ((word[0] - base < span) | (word[1] - base < span) | (word[2] - base < span) | (word[3] - base < span)) {
            check_words(word, word + 4, set, result);
        }
    }
    check_words(word, end, set, result);
}

#if defined(__x86_64__)
#include <immintrin.h>

// Sixteen words a step with AVX2. `word - base < span`, unsigned, is a
// signed compare once the top bit of both sides is flipped; flipping it in
// `word - base` is subtracting `base - 2^63` instead, so each four words
// take one subtraction and one compare. A step with a word inside the span
// (a stale return address into the Swift runtime is common) checks only
// those words, found from the compare's mask, not all sixteen one by one.
static inline __attribute__((always_inline, no_sanitize("address", "thread", "memory")))
void check_mask(const uintptr_t *word, unsigned mask, const cunwind_function_set *set, scan_result *result) {
    while (mask != 0) {
        int index = __builtin_ctz(mask);
        mask &= mask - 1;
        check_word(word + index, set, result);
    }
}

__attribute__((no_sanitize("address", "thread", "memory"), target("avx2")))
static void scan_avx2(const uintptr_t *word, const uintptr_t *end, const cunwind_function_set *set, scan_result *result) {
    const __m256i shifted_base = _mm256_set1_epi64x((long long)(set->base - 0x8000000000000000ULL));
    const __m256i limit = _mm256_set1_epi64x((long long)(set->span ^ 0x8000000000000000ULL));
#define CUNWIND_INSIDE(at) _mm256_cmpgt_epi64(limit, _mm256_sub_epi64(_mm256_loadu_si256((const __m256i *)(at)), shifted_base))
#define CUNWIND_MASK(vector) ((unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(vector)))
    for (; end - word >= 16; word += 16) {
        __m256i first = CUNWIND_INSIDE(word), second = CUNWIND_INSIDE(word + 4);
        __m256i third = CUNWIND_INSIDE(word + 8), fourth = CUNWIND_INSIDE(word + 12);
        __m256i inside = _mm256_or_si256(_mm256_or_si256(first, second), _mm256_or_si256(third, fourth));
        if (__builtin_expect(!_mm256_testz_si256(inside, inside), 0)) {
            unsigned mask = CUNWIND_MASK(first) | CUNWIND_MASK(second) << 4 | CUNWIND_MASK(third) << 8 | CUNWIND_MASK(fourth) << 12;
            check_mask(word, mask, set, result);
        }
    }
    for (; end - word >= 4; word += 4) {
        unsigned mask = CUNWIND_MASK(CUNWIND_INSIDE(word));
        if (__builtin_expect(mask != 0, 0)) check_mask(word, mask, set, result);
    }
#undef CUNWIND_INSIDE
#undef CUNWIND_MASK
    check_words(word, end, set, result);
}
#endif

#if defined(__x86_64__)
#include <cpuid.h>

// AVX2 usable: the CPU has it and the kernel saves the AVX state. Asked
// with CPUID here, on the first scan, not with __builtin_cpu_supports,
// whose run-time library asks at process start in a constructor (under a
// hypervisor every CPUID is a trap: that constructor alone made a hello
// world under `start` 0.3 ms slower).
static bool avx2_usable(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX)) return false;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0x6) != 0x6) return false;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    return (ebx & bit_AVX2) != 0;
}
#endif

static span_scan chosen_scan(void) {
#if defined(__x86_64__)
    if (avx2_usable()) return scan_avx2;
#endif
    return scan_scalar;
}

// Scans the aligned words of [low, high) into `result`.
__attribute__((no_sanitize("address", "thread", "memory")))
static void scan_range(uintptr_t low, uintptr_t high, const cunwind_function_set *set, scan_result *result) {
    if (set == NULL || low >= high) return;
    // Chosen once; the same value from every thread.
    static span_scan scan;
    span_scan chosen = __atomic_load_n(&scan, __ATOMIC_RELAXED);
    if (chosen == NULL) {
        chosen = chosen_scan();
        __atomic_store_n(&scan, chosen, __ATOMIC_RELAXED);
    }
    const uintptr_t *word = (const uintptr_t *)((low + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1));
    const uintptr_t *end = (const uintptr_t *)(high & ~(uintptr_t)(sizeof(uintptr_t) - 1));
    chosen(word, end, set, result);
}

int cunwind_scan_stack_words(uintptr_t low, uintptr_t high, const cunwind_function_set *set, uintptr_t *hits, uintptr_t *slots, int capacity) {
    scan_result result = { hits, slots, capacity, 0, NULL, 0, 0 };
    scan_range(low, high, set, &result);
    return result.found;
}

// The last survey's findings, per thread: read by the survival check only
// when the survey flagged something (no buffer to pass on the usual path).
// `survey_stale` holds the flagged words' slots, then the slots of words
// that lay in the set's span but in none of its functions (stale pointers
// into libc or the Swift runtime, common in live frames): all of them are
// erased if the panic lands (StaleWords.h), so that the next panic through
// the same frames does not examine them again.
// Near words fill what the kept stale words have room for after the flagged ones.
#define SURVEY_NEAR_CAPACITY (CUNWIND_STALE_WORDS_CAPACITY - CUNWIND_SURVEY_CAPACITY)
_Static_assert(SURVEY_NEAR_CAPACITY > 0, "room for near words among the kept stale words");
static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t survey_words[CUNWIND_SURVEY_CAPACITY];
static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t survey_stale[CUNWIND_SURVEY_CAPACITY + SURVEY_NEAR_CAPACITY];
static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t survey_near[SURVEY_NEAR_CAPACITY];
static __attribute__((tls_model("initial-exec"))) _Thread_local int survey_near_count;
static __attribute__((tls_model("initial-exec"))) _Thread_local const void *survey_first_modified;

int cunwind_survey_skipped_stack(const cunwind_function_set *set) {
    survey_first_modified = NULL;
    if (cunwind_interrupted_modifications(cunwind_put_aside_accesses(), &survey_first_modified) > 0) return -1;
    return cunwind_survey_rescan(set);
}

int cunwind_survey_rescan(const cunwind_function_set *set) {
    scan_result result = { survey_words, survey_stale, CUNWIND_SURVEY_CAPACITY, 0, survey_near, SURVEY_NEAR_CAPACITY, 0 };
    uintptr_t low, high;
    if (cunwind_skipped_stack(&low, &high)) scan_range(low, high, set, &result);
    survey_near_count = result.near_count;
    // Nothing flagged: the panic lands; its near words go.
    if (result.found == 0) cunwind_survey_keep_stale(0);
    return result.found;
}

void cunwind_survey_keep_stale(int flagged) {
    if (flagged < 0) flagged = 0;
    if (flagged > CUNWIND_SURVEY_CAPACITY) flagged = CUNWIND_SURVEY_CAPACITY;
    for (int index = 0; index < survey_near_count; index++) survey_stale[flagged + index] = survey_near[index];
    cunwind_stale_words_keep(survey_stale, flagged + survey_near_count);
}

uintptr_t *cunwind_survey_words(void) { return survey_words; }

const void *cunwind_survey_first_modified(void) { return survey_first_modified; }

__attribute__((noinline)) int cunwind_skipped_return_addresses(uintptr_t *addresses, int capacity) {
    if (cunwind_landing_frame() == NULL || capacity <= 0) return -1;
    // libunwind's fast path (cached, no signal-mask calls). The first return
    // address that lands back in cunwind_catch belongs to the innermost
    // catch frame.
    cunwind_backtrace_function backtrace = cunwind_libunwind_backtrace();
    if (backtrace == NULL) return -1;
    int count = backtrace((void **)addresses, capacity);
    for (int index = 0; index < count; index++) {
        if (cunwind_is_catch_body_return(addresses[index])) return index;
    }
    return -1;
}

int cunwind_interrupted_modifications(const void *first, const void **first_modified) {
    int modifications = 0;
    *first_modified = NULL;
    // Bounded: a corrupt list must not hang the panic path.
    int budget = 100000;
    for (const cunwind_access_record *record = first; record != NULL && budget-- > 0; record = cunwind_access_next(record)) {
        if (record->next_and_action & 1) {
            if (modifications == 0) *first_modified = record->pointer;
            modifications++;
        }
    }
    return modifications;
}

#endif
