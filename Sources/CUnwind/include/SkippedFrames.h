#ifndef CUNWIND_SKIPPED_FRAMES_H
#define CUNWIND_SKIPPED_FRAMES_H

#include <stdbool.h>
#include <stdint.h>

// What a jump to the innermost catch frame would leave behind: the stack
// between the caller and that frame, the return addresses in it, and the
// exclusive accesses begun there. Mechanism only: which of them make a
// panic uncatchable is decided in Swift (Panic/Survival).

/// The stack a jump to the innermost catch frame skips: [`*low`, `*high`),
/// from the caller's stack pointer up to the catch frame's own record.
/// False when this thread has no catch frame.
bool cunwind_skipped_stack(uintptr_t *low, uintptr_t *high);

/// Scans the aligned words of [`low`, `high`) for values inside any of the
/// `count` half-open ranges `ranges[2i] ..< ranges[2i+1]`, sorted by start
/// and not overlapping. Writes up to `capacity` such values to `hits`, in
/// stack order (innermost first), and returns how many were found in all.
/// Cheap and conservative: a stale value in a live frame counts too.
int cunwind_scan_stack_words(uintptr_t low, uintptr_t high, const uintptr_t *ranges, int count, uintptr_t *hits, int capacity);

/// The return addresses of the frames between the caller and the innermost
/// catch frame, innermost first, found by walking the stack with libunwind
/// (exact, slower than the scan). Returns how many were written, or -1 when
/// the walk stopped before reaching the catch frame (a frame without unwind
/// information) or there were more than `capacity`.
int cunwind_skipped_return_addresses(uintptr_t *addresses, int capacity);

/// Puts aside the Swift runtime's records of the exclusive accesses begun
/// since the innermost catch frame opened (the accesses a jump to it leaves
/// unfinished), so that the variables they name can be accessed again, and
/// returns the first record, or NULL. The records live in the frames to be
/// skipped: read them before the jump. Idempotent per panic; a later
/// `cunwind_unwind` does not put them aside again.
const void *cunwind_put_aside_accesses(void);

/// Walks the records from `cunwind_put_aside_accesses`: returns how many are
/// modifications (not reads) and stores the variable address of the first
/// modification in `*first_modified` (NULL when none).
int cunwind_interrupted_modifications(const void *first, const void **first_modified);

#endif
