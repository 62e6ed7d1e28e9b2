#define _GNU_SOURCE
#include "LoadedObjects.h"

#include <link.h>
#include <stddef.h>

static int read_counters(struct dl_phdr_info *info, size_t size, void *context) {
    uint64_t *counters = context;
    if (size >= offsetof(struct dl_phdr_info, dlpi_subs) + sizeof info->dlpi_subs) {
        counters[0] = info->dlpi_adds;
        counters[1] = info->dlpi_subs;
    }
    return 1; // The first object carries the counters: stop there.
}

void cunwind_loaded_objects(uint64_t *adds, uint64_t *subs) {
    uint64_t counters[2] = {0, 0};
    dl_iterate_phdr(read_counters, counters);
    *adds = counters[0];
    *subs = counters[1];
}
