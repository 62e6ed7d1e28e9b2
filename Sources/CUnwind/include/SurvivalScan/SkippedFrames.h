#ifndef CUNWIND_SKIPPED_FRAMES_H
#define CUNWIND_SKIPPED_FRAMES_H

#include <stdbool.h>
#include <stdint.h>

// What a jump to the innermost catch frame would leave behind: the stack
// between the caller and that frame, the return addresses in it, and the
// exclusive accesses begun there. Mechanism only: which of them make a
// panic uncatchable is decided in Swift (Panic/Survival). Each function is
// for a panic that cunwind_has_catch_frame() said may land there; none of
// them checks again.

/// Marks where the panic path begins on this thread's stack (called first
/// thing by the panic path's entry): the frames the panic path calls later
/// (the hook, the survival check) lie below the mark and are not scanned.
void cunwind_mark_panic_entry(void);

/// The frame record of the panic path's entry (its saved frame pointer and
/// return address), where a frame-pointer walk of the skipped frames starts;
/// 0 when the entry keeps no frame pointer.
uintptr_t cunwind_panic_entry_frame(void);

/// The return address in that frame record (into the caller of the panic
/// path's entry: the first skipped frame), or 0.
uintptr_t cunwind_panic_entry_return(void);

/// The stack a jump to the innermost catch frame skips: [`*low`, `*high`),
/// from the panic entry's mark (or the caller's stack pointer, without a
/// mark below it) up to the catch frame's own record. False when this
/// thread has no catch frame.
bool cunwind_skipped_stack(uintptr_t *low, uintptr_t *high);

/// A set of functions' address ranges, prepared for fast stack scans.
typedef struct cunwind_function_set cunwind_function_set;

/// Copies the `count` ranges `ranges[2i] ..< ranges[2i+1]` (sorted by start,
/// not overlapping) into a new set with a page bitmap that rejects most
/// words with one load. NULL when `count` is 0 or memory runs out. Never freed.
cunwind_function_set *cunwind_function_set_create(const uintptr_t *ranges, int count);

/// Scans the aligned words of [`low`, `high`) for values that can be return
/// addresses into a function of `set`: values in `(start, end]`, since a
/// return address follows its call instruction (a function's own address, a
/// stale function pointer, does not count). Writes up to `capacity` such
/// values to `hits`, and their addresses to `slots` when it is not NULL, in
/// stack order (innermost first), and returns how many were found in all.
/// Cheap and conservative: a stale value in a live frame counts too.
int cunwind_scan_stack_words(uintptr_t low, uintptr_t high, const cunwind_function_set *set, uintptr_t *hits, uintptr_t *slots, int capacity);

/// How many flagged words a survey keeps.
#define CUNWIND_SURVEY_CAPACITY 16

/// The survival check's first look, in one call (the path of nearly every
/// caught panic): puts the accesses aside (`cunwind_put_aside_accesses`);
/// returns -1 when one of them is an interrupted modification (its variable:
/// `cunwind_survey_first_modified`); else scans the skipped stack against
/// `set` (`cunwind_survey_rescan`) and returns how many words it flagged.
int cunwind_survey_skipped_stack(const cunwind_function_set *set);

/// Scans the skipped stack against `set` as `cunwind_scan_stack_words`
/// does (0 with a NULL set), keeping the first CUNWIND_SURVEY_CAPACITY
/// flagged words (`cunwind_survey_words`) and their slots, and the slots of
/// words in the set's span but in none of its functions; returns how many
/// it flagged in all. With none flagged, the panic lands, and the words to
/// erase before the jump are kept (`cunwind_survey_keep_stale(0)`).
int cunwind_survey_rescan(const cunwind_function_set *set);

/// For a panic about to land: keeps the slots of the survey's first
/// `flagged` flagged words and of its words near the set, to be erased
/// right before the jump (StaleWords.h): they lie in the frames the jump
/// leaves.
void cunwind_survey_keep_stale(int flagged);

/// This thread's last survey: the flagged words, innermost first.
uintptr_t *cunwind_survey_words(void);
/// This thread's last survey: the variable of the first interrupted
/// modification, or NULL.
const void *cunwind_survey_first_modified(void);

/// The return addresses of the frames between the caller and the innermost
/// catch frame, innermost first, found by walking the stack with libunwind's
/// cached fast path (exact, slower than the scan: about 20 ns a frame).
/// Returns how many, or -1 when libunwind.so.8 cannot be loaded or the walk did not reach the catch frame
/// within `capacity` frames (or lost its way in a frame without unwind
/// information).
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
