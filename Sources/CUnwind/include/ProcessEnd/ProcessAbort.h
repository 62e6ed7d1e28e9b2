#ifndef CUNWIND_PROCESS_ABORT_H
#define CUNWIND_PROCESS_ABORT_H

/// Ends the process with SIGABRT and nothing more on stderr: SIGABRT's
/// action is reset to the default first, so that no installed handler (the
/// Swift runtime's crash backtracer among them) prints a second report.
/// What stdout still holds in its buffer is written first
/// (`cunwind_stdout_salvage`). Async-signal-safe.
_Noreturn void cunwind_abort(void);

/// Writes all of `buffer` to `fd`, retrying on EINTR and short writes.
/// Returns 0, or -1 when the descriptor fails (the rest is dropped).
/// Async-signal-safe.
int cunwind_write_all(int fd, const void *buffer, unsigned long length);

/// `cunwind_write_all` with SIGPIPE blocked on the calling thread: a write
/// to a pipe whose reader is gone fails with EPIPE and never kills the
/// process, whatever SIGPIPE's disposition (the SIGPIPE it raised is taken
/// back). For panic reports: the report is lost, the exit status is not.
int cunwind_write_report(int fd, const void *buffer, unsigned long length);

#endif
