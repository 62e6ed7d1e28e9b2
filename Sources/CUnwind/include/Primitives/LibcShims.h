#ifndef CUNWIND_LIBC_SHIMS_H
#define CUNWIND_LIBC_SHIMS_H

// libc for the Swift code of Panic and PanicRuntime.
//
// The Swift code gets libc's declarations through this header, not through
// the Glibc overlay (a library of its own, libswiftGlibc.so with
// libswift_Builtin_float.so, loaded at every start) nor by importing libc's
// C module `SwiftGlibc` directly: that module says `link "m"`, so every
// program linking PanicRuntime would list libm among its own libraries, and
// the dynamic linker would search it before libc and libstdc++ for every
// symbol of every library at start-up (issue 15). The headers below are
// included into CUnwind's module instead, which links nothing.
//
// The functions below are what C macros and variadic functions hide from
// Swift.

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
