#ifndef CUNWIND_LOADED_OBJECTS_H
#define CUNWIND_LOADED_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// The loaded object `address` lies in (`dladdr`): its file's path (owned by
/// the loader) and the address it is loaded at. False when none.
bool cunwind_object_containing(const void *address, const char **path, uintptr_t *base);

/// The thread-local block of the loaded object `address` lies in: its
/// module id (for `__tls_get_addr`), the calling thread's block (NULL when
/// the thread has not made it yet) and its size. False when the object has
/// none. Takes the dynamic linker's lock.
bool cunwind_object_tls_block(const void *address, size_t *module, void **block, size_t *size);

/// The address of the symbol `name` exported by the already loaded library
/// `library` (its soname, e.g. `libdispatch.so`; `dlopen` with
/// `RTLD_NOLOAD`, then `dlsym` on it), or NULL. Asking the library itself,
/// not `RTLD_DEFAULT`, skips interposers: the sanitizers' runtimes, linked
/// into the executable, define `dispatch_sync_f` and `dl_iterate_phdr` too.
const void *cunwind_library_symbol(const char *library, const char *name);

/// The range of the function `name` exported by the loaded library
/// `library`: its address and its dynamic symbol's size (`dladdr1` with
/// `RTLD_DL_SYMENT`). False when not found or sizeless.
bool cunwind_library_function_range(const char *library, const char *name, uintptr_t *start, uintptr_t *end);

/// The name of the dynamic symbol that starts exactly at `address`, or NULL.
const char *cunwind_exported_symbol_at(const void *address);

/// Gives back stdout's lock `count` times (`funlockfile`), never more often
/// than the calling thread holds it, and not at all when another thread
/// owns it: glibc's FILE lock is recursive and counts holds (`_IO_lock_t`:
/// lock word, count, owner). Returns whether it unlocked.
bool cunwind_stdout_unlock(int count);

/// True when the calling thread holds stdout's lock (`flockfile`).
bool cunwind_stdout_held_by_current_thread(void);

/// The dynamic linker's counters of objects loaded and unloaded since the
/// process started (`dlpi_adds`, `dlpi_subs` of `dl_iterate_phdr`, whose
/// `<link.h>` Swift's Glibc module does not export). Both 0 when the
/// dynamic linker is too old to keep them. Takes the dynamic linker's lock:
/// never from a signal handler.
void cunwind_loaded_objects(uint64_t *adds, uint64_t *subs);

#endif
