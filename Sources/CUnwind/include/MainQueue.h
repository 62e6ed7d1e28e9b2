#ifndef CUNWIND_MAIN_QUEUE_H
#define CUNWIND_MAIN_QUEUE_H

// libdispatch's hooks for a run loop that drains the main queue itself (what
// CoreFoundation's CFRunLoop uses on Linux). `start` for an async `main`
// drains it on the main thread with them, so that the main actor runs there
// (`dispatch_main` would end the main thread and drain the queue elsewhere).

/// The main queue's wake-up handle: an eventfd, readable when work is queued.
int _dispatch_get_main_queue_handle_4CF(void);

/// Runs the work queued on the main queue; call on the main thread.
void _dispatch_main_queue_callback_4CF(void *message);

#endif
