#ifndef CUNWIND_STACK_OVERFLOW_H
#define CUNWIND_STACK_OVERFLOW_H

#include <stdbool.h>
#include <stdint.h>

/// Installs, once per process, the SIGSEGV and SIGBUS handler that reports
/// a stack overflow. The handler runs on the thread's alternate signal
/// stack. A fault inside the faulting thread's guard range (recorded by
/// `cunwind_overflow_thread_begin`) writes a blank line,
/// `thread '<name>' (<tid>) has overflowed its stack` and
/// `fatal runtime error: stack overflow, aborting` to stderr, then aborts
/// (`cunwind_abort`). Any other fault puts back the action that was in place
/// before (the Swift runtime's crash backtracer, or the default) and lets
/// the fault happen again under it. No allocation, no lock in the handler.
/// Returns 0, or the errno of a failed `sigaction`.
int cunwind_overflow_install(void);

/// Prepares the calling thread for overflow reports: records its guard
/// range and, when it has no alternate signal stack, maps one (with a guard
/// page of its own). `main_thread` selects the main thread's guard: the
/// kernel's stack guard gap below the lowest address the stack rlimit
/// allows. Other threads: the pthread guard area. Idempotent.
/// Returns 0, or the errno of the step that failed.
int cunwind_overflow_thread_begin(bool main_thread);

/// Undoes `cunwind_overflow_thread_begin` on a thread about to exit:
/// disables and unmaps the alternate stack it mapped and forgets the range.
void cunwind_overflow_thread_end(void);

/// True when this thread has a recorded guard range and less than `needed`
/// bytes of stack left above it.
bool cunwind_overflow_stack_is_short(unsigned long needed);

/// Prints the stack overflow report of this thread and aborts, as a guard
/// page hit does: for code that would otherwise overflow where the overflow
/// cannot be reported (all signals blocked).
_Noreturn void cunwind_overflow_report_and_abort(void);

/// This thread's guard range [low, high); false when none is recorded.
bool cunwind_overflow_guard_range(uintptr_t *low, uintptr_t *high);

/// True when the calling thread has an alternate signal stack in use.
bool cunwind_overflow_has_altstack(void);

#endif
