// The frames a jump to the innermost catch frame would skip, walked by their
// frame pointers against a per-process table of what the survival check
// learned about each return address: a panic from a place seen before is
// judged without libunwind or debug info.
#ifndef CUNWIND_FRAME_WALK_H
#define CUNWIND_FRAME_WALK_H

#include <stdbool.h>
#include <stdint.h>

/// Every function at the return address, inlined ones included, is understood
/// (the rule of docs/GUARANTEES.md, "Surviving a caught panic").
#define CUNWIND_FRAME_UNDERSTOOD 1u
/// The function the return address lies in keeps a frame pointer, so the
/// walk can go on to its caller's frame.
#define CUNWIND_FRAME_KEEPS_FRAME_POINTER 2u
/// The task-local bindings pushed by the functions at the return address
/// (`TaskLocal.withValue`), to pop after a landing: bits 8 to 15.
#define CUNWIND_FRAME_TASK_LOCAL_SHIFT 8u

/// Records what is known of `return_address` (a combination of the flags
/// above); a full table forgets nothing and records nothing more.
void cunwind_frame_verdict_store(uintptr_t return_address, uint32_t verdict);

/// What was recorded for `return_address`, or 0.
uint32_t cunwind_frame_verdict(uintptr_t return_address);

/// Walks the frames the current panic would skip by frame pointers, from the
/// panic entry (cunwind_mark_panic_entry) to the innermost catch frame.
/// Returns the task-local bindings they pushed (0 or more) when every return
/// address on the way is recorded as understood and keeping its frame
/// pointer; -1 when one is not, when the chain leaves the skipped stack, or
/// when the walk is off (not x86_64, or `PANIC_FRAME_WALK=off` in the
/// environment): the exact walk then decides.
int cunwind_walk_understood_frames(void);

#endif
