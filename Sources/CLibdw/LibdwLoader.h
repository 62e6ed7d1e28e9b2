#ifndef CLIBDW_LIBDW_LOADER_H
#define CLIBDW_LIBDW_LOADER_H

/// The address of libdw's (or libelf's) function `name`, loading libdw
/// first if needed; cached in `*slot`. NULL when libdw or the function is
/// missing (an older elfutils).
__attribute__((visibility("hidden"))) void *clibdw_symbol(void **slot, const char *name);

#endif
