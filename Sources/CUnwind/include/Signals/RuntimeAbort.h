#ifndef CUNWIND_RUNTIME_ABORT_H
#define CUNWIND_RUNTIME_ABORT_H

#include <stdbool.h>

/// Where a recoverable Swift runtime failure continues: called on the
/// aborting thread's own stack, outside the signal handler, as if `abort()`'s
/// `raise` had called it. Must not return.
typedef void (*cunwind_runtime_abort_entry)(void);

/// Installs a SIGABRT handler that turns some Swift runtime failures, which
/// end in `abort()` rather than a trap, into a call of `entry` on the aborting
/// thread (the same redirection as traps). Only when the abort was raised by
/// the process itself and the last line the runtime recorded for its fatal
/// error (`swift_getFatalErrorMessageBuffer`) is one of:
/// - `Could not cast value of type …` (`as!`),
/// - `… Attempted to read an unowned reference but object … was already …`,
/// - `Fatal access conflict detected.` (exclusivity),
/// failures detected before the runtime changed any state. Any other SIGABRT
/// goes to the action installed before (the Swift runtime's crash
/// backtracer, or the default). x86_64 only; returns false elsewhere, or
/// when the runtime keeps no fatal error message. Idempotent.
bool cunwind_runtime_abort_install(cunwind_runtime_abort_entry entry);

/// Puts back the SIGABRT action from before `cunwind_runtime_abort_install`.
void cunwind_runtime_abort_uninstall(void);

#endif
