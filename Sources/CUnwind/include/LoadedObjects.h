#ifndef CUNWIND_LOADED_OBJECTS_H
#define CUNWIND_LOADED_OBJECTS_H

#include <stdint.h>

/// The dynamic linker's counters of objects loaded and unloaded since the
/// process started (`dlpi_adds`, `dlpi_subs` of `dl_iterate_phdr`, whose
/// `<link.h>` Swift's Glibc module does not export). Both 0 when the
/// dynamic linker is too old to keep them. Takes the dynamic linker's lock:
/// never from a signal handler.
void cunwind_loaded_objects(uint64_t *adds, uint64_t *subs);

#endif
