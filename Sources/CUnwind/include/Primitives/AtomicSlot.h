#ifndef CUNWIND_ATOMIC_SLOT_H
#define CUNWIND_ATOMIC_SLOT_H

/// Atomically replaces the pointer stored at `slot` with NULL and returns
/// what was there: for taking over a pointer another library publishes
/// with compare-and-swap (the Swift runtime's last fatal error message).
void *cunwind_take_pointer(void **slot);

#endif
