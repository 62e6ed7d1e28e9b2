#ifndef CUNWIND_STDOUT_SALVAGE_H
#define CUNWIND_STDOUT_SALVAGE_H

/// Writes what the C library's `stdout` holds in its buffer, not yet
/// written, to file descriptor 1: the last words of a process about to
/// abort, whose buffered lines would otherwise be lost. Takes no lock (the
/// thread that aborts may hold stdout's, or another thread may hold it
/// forever), changes nothing in the `FILE`, allocates nothing, and blocks
/// SIGPIPE around the write (a broken pipe loses the text, not the abort):
/// async-signal-safe. A line another thread is appending at that moment may
/// come out cut. glibc only; elsewhere it does nothing.
void cunwind_stdout_salvage(void);

#endif
