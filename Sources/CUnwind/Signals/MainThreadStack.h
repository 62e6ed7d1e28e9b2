#ifndef CUNWIND_MAIN_THREAD_STACK_H
#define CUNWIND_MAIN_THREAD_STACK_H

#include <stdbool.h>
#include <stdint.h>

/// The lowest address of the main thread's stack as glibc's
/// `pthread_getattr_np` reports it (the top of the stack mapping less
/// RLIMIT_STACK), computed without reading /proc/self/maps (which costs that
/// call about 80 µs, 3% of a Swift hello world). False when the answer
/// could differ from glibc's: no finite limit, or one of 128 MiB or more
/// (the kernel keeps at least that much free below the stack only up to
/// there), or a stack laid out otherwise than by the kernel (valgrind).
/// Call it on the main thread.
__attribute__((visibility("hidden"))) bool cunwind_main_stack_bottom(uintptr_t *bottom);

#endif
