#ifndef CUNWIND_TRAP_HANDLER_H
#define CUNWIND_TRAP_HANDLER_H

#include <stdbool.h>
#include <stdint.h>

/// Where a Swift trap continues: called on the trapping thread's own stack,
/// outside the signal handler, as if the trapping instruction had called
/// it; `pc` is the address of that instruction. Must not return.
typedef void (*cunwind_trap_entry)(uintptr_t pc);

/// Installs the SIGILL/SIGTRAP handler that turns the Swift runtime's traps
/// (the `ud2` of a failed precondition, bounds or overflow check, nil
/// unwrap, fatalError) into calls of `entry`. Other SIGILL/SIGTRAP signals go
/// to the handler that was installed before, and so does a trap on a thread
/// with no catch frame when that handler is another tool's (neither the
/// default nor the Swift runtime's). Installs again when another handler
/// replaced ours. Returns false where not supported (only x86_64 Linux is).
/// Installing again replaces the entry.
bool cunwind_trap_install(cunwind_trap_entry entry);

/// Puts back the handlers ours were installed over, where ours is the one
/// installed; ours, if put back later by another tool, lets every signal through.
void cunwind_trap_uninstall(void);

/// True while traps are wanted and our handler is the one installed for
/// SIGILL and SIGTRAP (read from the kernel: false while another tool's
/// handler is installed over ours).
bool cunwind_trap_installed(void);

/// True when a trap raised now on a thread with no catch frame would reach
/// another tool's SIGILL handler: that tool's handler is installed, or ours
/// is, over it.
bool cunwind_trap_goes_to_another_tool(void);

/// Raises a trap for another tool's SIGILL handler (the installed one, or
/// the one ours went over), never landed as a panic. When it comes back to
/// ours with no tool below (a tool handed it back), the process ends with
/// `uncaught_status` (`_exit`).
__attribute__((noreturn)) void cunwind_hand_trap_on(int uncaught_status);

#endif
