#ifndef CUNWIND_OS_THREAD_NAME_H
#define CUNWIND_OS_THREAD_NAME_H

#include <stdbool.h>
#include <stddef.h>

/// Sets the calling thread's OS name (`pthread_setname_np`, which Swift's
/// Glibc module does not export). `name` must fit the kernel's 16 bytes with
/// its NUL; the caller truncates. Returns 0 or an errno value.
int cunwind_os_thread_name_set(const char *name);

/// Copies the calling thread's OS name into `buffer` (`pthread_getname_np`).
/// Returns 0 or an errno value.
int cunwind_os_thread_name_get(char *buffer, size_t size);

/// Gives the calling thread the OS name an unnamed thread has: the
/// program's (its first 15 bytes, as the kernel keeps it). A new thread
/// inherits its creator's OS name (a Dispatch worker's, say); this undoes it.
/// Returns 0 or an errno value.
int cunwind_os_thread_name_reset(void);

/// Copies the calling thread's OS name into `buffer` and returns true, when
/// one was set for it: a thread that still carries the program's own name,
/// as every thread does until named, gives false. Read once per thread
/// (renames through the functions above are seen).
bool cunwind_thread_os_name(char *buffer, size_t size);

#endif
