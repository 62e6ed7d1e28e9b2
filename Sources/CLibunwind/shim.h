// libunwind, found through pkg-config (Debian: libunwind-dev).
#define UNW_LOCAL_ONLY
#include <libunwind.h>
