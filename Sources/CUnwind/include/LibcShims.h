#ifndef CUNWIND_LIBC_SHIMS_H
#define CUNWIND_LIBC_SHIMS_H

// The few libc conveniences Swift gets from the Glibc overlay, a library of
// its own (libswiftGlibc.so, with libswift_Builtin_float.so) that would be
// loaded at every start: the Swift code imports libc's C module
// (`SwiftGlibc`) directly instead, and calls these for what C macros and
// variadic functions hide from it.

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/stat.h>

/// `open(path, O_RDONLY | O_CLOEXEC)` (variadic in C, so not callable from Swift).
static inline int cunwind_open_read(const char *path) { return open(path, O_RDONLY | O_CLOEXEC); }

/// `open(path, O_RDWR)`.
static inline int cunwind_open_read_write(const char *path) { return open(path, O_RDWR); }

/// True when `descriptor` is open (`fcntl(F_GETFD)` does not fail with EBADF).
static inline bool cunwind_descriptor_is_open(int descriptor) { return fcntl(descriptor, F_GETFD) != -1 || errno != EBADF; }

/// Restores a signal's default action (`SIG_DFL`).
static inline void cunwind_signal_default(int signal_number) { signal(signal_number, SIG_DFL); }

/// Ignores a signal (`SIG_IGN`).
static inline void cunwind_signal_ignore(int signal_number) { signal(signal_number, SIG_IGN); }

/// This thread's `errno`.
static inline int cunwind_errno(void) { return errno; }

/// True when `mmap` failed (`MAP_FAILED`).
static inline bool cunwind_mmap_failed(const void *mapped) { return mapped == MAP_FAILED; }

/// True for a regular file's `st_mode`.
static inline bool cunwind_mode_is_regular(mode_t mode) { return S_ISREG(mode); }

#endif
