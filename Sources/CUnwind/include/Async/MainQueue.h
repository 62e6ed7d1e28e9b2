#ifndef CUNWIND_MAIN_QUEUE_H
#define CUNWIND_MAIN_QUEUE_H

#include <stdbool.h>

// libdispatch's hooks for a run loop that drains the main queue itself (what
// CoreFoundation's CFRunLoop uses on Linux). `start` for an async `main`
// drains it on the main thread with them, so that the main actor runs there
// (`dispatch_main` would end the main thread and drain the queue elsewhere).
//
// They are looked up with dlsym in the libdispatch that Swift's concurrency
// runtime loads, not linked: a direct reference would make every program
// linking PanicRuntime list libdispatch among its own libraries, and the
// dynamic linker would then search it before libc for every symbol of every
// library at start-up (issue 15: about 4% of a hello world's start).

/// Looks the hooks up; false when libdispatch or one of them is missing.
bool cunwind_main_queue_available(void);

/// The main queue's wake-up handle: an eventfd, readable when work is queued.
/// Only after `cunwind_main_queue_available()` returned true.
int cunwind_main_queue_handle(void);

/// Runs the work queued on the main queue; call on the main thread, only after
/// `cunwind_main_queue_available()` returned true.
void cunwind_main_queue_drain(void);

#endif
