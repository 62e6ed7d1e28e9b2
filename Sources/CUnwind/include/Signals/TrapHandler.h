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
/// to the handler that was installed before. Returns false where not
/// supported (only x86_64 Linux is). Installing again replaces the entry.
bool cunwind_trap_install(cunwind_trap_entry entry);

/// Restores the handlers that were in place before cunwind_trap_install.
void cunwind_trap_uninstall(void);

/// True while the handler is installed.
bool cunwind_trap_installed(void);

#endif
