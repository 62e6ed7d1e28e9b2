// The frame-pointer walk of the skipped frames and its table of verdicts
// (FrameWalk.h).
#include "SurvivalScan/FrameWalk.h"
#include "SurvivalScan/SkippedFrames.h"
#include "CatchFrames/CatchFrameInternal.h"
#include <stdlib.h>
#include <string.h>

// Open addressing, linear probing: each slot holds a return address in its
// low 48 bits and its verdict in the high 16, written once with one store.
#define TABLE_BITS 13
#define TABLE_SIZE (1u << TABLE_BITS)
#define PROBES 16
#define ADDRESS_MASK ((uint64_t)0xFFFFFFFFFFFF)
static uint64_t table[TABLE_SIZE];

static inline uint32_t slot_of(uintptr_t address) {
    return (uint32_t)(((uint64_t)address * 0x9E3779B97F4A7C15ull) >> (64 - TABLE_BITS));
}

void cunwind_frame_verdict_store(uintptr_t return_address, uint32_t verdict) {
    if (return_address == 0 || (return_address & ~ADDRESS_MASK) != 0 || verdict == 0 || verdict > 0xFFFF) return;
    uint64_t entry = (uint64_t)return_address | ((uint64_t)verdict << 48);
    uint32_t slot = slot_of(return_address);
    for (int probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (TABLE_SIZE - 1)) {
        uint64_t current = __atomic_load_n(&table[slot], __ATOMIC_ACQUIRE);
        if ((current & ADDRESS_MASK) == return_address) return;
        if (current == 0) {
            uint64_t expected = 0;
            if (__atomic_compare_exchange_n(&table[slot], &expected, entry, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) return;
            if ((expected & ADDRESS_MASK) == return_address) return;
        }
    }
}

static inline __attribute__((always_inline)) uint32_t lookup(uintptr_t return_address) {
    uint32_t slot = slot_of(return_address);
    for (int probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (TABLE_SIZE - 1)) {
        uint64_t current = __atomic_load_n(&table[slot], __ATOMIC_ACQUIRE);
        if (current == 0) return 0;
        if ((current & ADDRESS_MASK) == return_address) return (uint32_t)(current >> 48);
    }
    return 0;
}

uint32_t cunwind_frame_verdict(uintptr_t return_address) { return lookup(return_address); }

// 0: not decided yet; 1: on; 2: off (PANIC_FRAME_WALK=off).
static int walk_state;

// Read once, on the first walk: PANIC_FRAME_WALK=off runs the portable path
// (the exact walk) everywhere, for tests and comparisons.
static bool walk_enabled(void) {
    int state = __atomic_load_n(&walk_state, __ATOMIC_RELAXED);
    if (__builtin_expect(state == 0, 0)) {
        const char *setting = getenv("PANIC_FRAME_WALK");
        state = setting != NULL && (strcmp(setting, "off") == 0 || strcmp(setting, "0") == 0) ? 2 : 1;
        __atomic_store_n(&walk_state, state, __ATOMIC_RELAXED);
    }
    return state == 1;
}

#if !CUNWIND_PANIC_ABORT && defined(__x86_64__)
// The return addresses of this thread's last walk that reached the catch
// frame with every address understood, and its task-local pops; -1: none.
#define LAST_WALK_CAPACITY 32
static __attribute__((tls_model("initial-exec"))) _Thread_local uintptr_t last_walk[LAST_WALK_CAPACITY];
static __attribute__((tls_model("initial-exec"))) _Thread_local int last_walk_count = -1;
static __attribute__((tls_model("initial-exec"))) _Thread_local int last_walk_pops;

// Reads the frame records on the thread's own stack between the panic entry
// and the catch frame; sanitizers' red zones are not involved (frame records
// are never poisoned, but the reads are not instrumented either).
__attribute__((no_sanitize("address", "thread", "memory")))
int cunwind_walk_understood_frames(void) {
    if (!walk_enabled()) return -1;
    uintptr_t low, high;
    if (!cunwind_skipped_stack(&low, &high)) return -1;
    uintptr_t frame = cunwind_panic_entry_frame();
    if (frame == 0) return -1;
    int pops = 0;
    // The thread's last understood walk: a panic from the same place follows
    // the same return addresses, compared here without the table.
    bool same = true;
    for (int steps = 0; steps < 100000; steps++) {
        // A frame record: the caller's frame pointer, then the return address.
        if (frame < low - 2 * sizeof(uintptr_t) || frame + 2 * sizeof(uintptr_t) > high || (frame & 7) != 0) return -1;
        const uintptr_t *record = (const uintptr_t *)frame;
        uintptr_t return_address = record[1];
        if (cunwind_is_catch_body_return(return_address)) {
            if (same && steps == last_walk_count) return last_walk_pops;
            if (steps <= LAST_WALK_CAPACITY) {
                last_walk_count = steps;
                last_walk_pops = pops;
            } else {
                last_walk_count = -1;
            }
            return pops;
        }
        if (same && steps < last_walk_count && last_walk[steps] == return_address && last_walk_pops == 0) {
            // As last time (which popped nothing): understood, and the walk goes on.
        } else {
            same = false;
            uint32_t verdict = lookup(return_address);
            if ((verdict & (CUNWIND_FRAME_UNDERSTOOD | CUNWIND_FRAME_KEEPS_FRAME_POINTER)) != (CUNWIND_FRAME_UNDERSTOOD | CUNWIND_FRAME_KEEPS_FRAME_POINTER)) {
                last_walk_count = -1;
                return -1;
            }
            pops += (int)((verdict >> CUNWIND_FRAME_TASK_LOCAL_SHIFT) & 0xFF);
            if (steps < LAST_WALK_CAPACITY) last_walk[steps] = return_address;
        }
        uintptr_t next = record[0];
        if (next <= frame) return -1;
        frame = next;
    }
    return -1;
}

#else
int cunwind_walk_understood_frames(void) { return -1; }
#endif
