// The buffered stdout of a process that aborts: written out without stdio.
#include "ProcessEnd/StdoutSalvage.h"
#include "ProcessEnd/ProcessAbort.h"

#include <stdio.h>

void cunwind_stdout_salvage(void) {
#if defined(__GLIBC__)
    // glibc's FILE is public (bits/types/struct_FILE.h): [write_base,
    // write_ptr) is what was put in the buffer and not yet written.
    FILE *file = stdout;
    if (file == NULL) return;
    const char *base = file->_IO_write_base;
    const char *end = file->_IO_write_ptr;
    if (base == NULL || end == NULL || end <= base) return;
    // A buffer is at most a few pages; anything else is a torn read.
    unsigned long length = (unsigned long)(end - base);
    if (length > (1ul << 20)) return;
    cunwind_write_report(1, base, length);
#endif
}
