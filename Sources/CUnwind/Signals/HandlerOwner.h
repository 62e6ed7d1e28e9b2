// Who a signal action belongs to (not exported): the default (or ignore),
// the Swift runtime's crash handler, or another tool's handler (Nimble's
// throwAssertion, a crash reporter). TrapHandler.c hands traps it cannot land
// to another tool's handler only.
#ifndef CUNWIND_HANDLER_OWNER_H
#define CUNWIND_HANDLER_OWNER_H

#include <signal.h>
#include <stdbool.h>

/// The function `action` calls, or NULL for SIG_DFL and SIG_IGN.
void *cunwind_action_function(const struct sigaction *action);

/// True when `action` is a handler of another tool: neither SIG_DFL nor
/// SIG_IGN, nor a function of the Swift runtime's image (its crash
/// backtracer). A function in no loaded object counts as another tool's.
/// Not async-signal-safe (dladdr); the answer per function is cached.
bool cunwind_action_is_another_tools(const struct sigaction *action);

#endif
