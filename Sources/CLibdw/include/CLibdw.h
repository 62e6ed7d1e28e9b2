#ifndef CLIBDW_H
#define CLIBDW_H

// elfutils' libdw (DWARF), libdwfl (process modules) and libelf, declared by
// their own headers (Debian: libdw-dev) but not linked: every function they
// declare is defined in this target by a hidden trampoline of the same name
// (LibdwTrampolines.c) that loads libdw.so.1 on first use. A program that
// never symbolizes a backtrace never loads libdw, libelf or their
// compression libraries.
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#include <stdbool.h>

/// Loads libdw on first call (later calls return the first answer): true
/// when it is loaded (a library without `dwfl_begin` does not count). The library is `libdw.so.1`, or the file named by the
/// environment variable `PANIC_LIBDW` when set and not empty (another
/// elfutils build, or a missing file to test the report without libdw).
/// Thread-safe; not for a signal handler (it calls `dlopen`).
bool clibdw_load(void);

/// The library `clibdw_load` tries to load (`libdw.so.1`, or `PANIC_LIBDW`).
const char *clibdw_library_name(void);

#endif
