#ifndef CUNWIND_RUNTIME_REPORT_HOOK_H
#define CUNWIND_RUNTIME_REPORT_HOOK_H

#include <stdbool.h>

/// Routes the Swift runtime's debugger hook, `_swift_runtime_on_report`,
/// to a function that keeps, per thread, the message of the last fatal
/// error the thread reported. The runtime calls that hook on the reporting
/// thread, just before it traps, with `Fatal error: <message>` (the same
/// text it prints); it calls it directly, so it cannot be interposed: the
/// hook's 16 bytes of code (an empty function) are replaced by a jump,
/// only when they are exactly the ones expected (x86_64). Idempotent.
/// Returns true when the hook is routed.
bool cunwind_runtime_report_hook_install(void);

/// The message of the last fatal error this thread reported since the
/// last call (copied into `buffer`, NUL-terminated, cut to `capacity`), and
/// forgets it. Returns false when the thread reported none.
bool cunwind_runtime_report_take(char *buffer, unsigned long capacity);

#endif
