// elfutils' libdw (DWARF) and libdwfl (process modules), found through
// pkg-config (Debian: libdw-dev).
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
