#ifndef CUNWIND_BROKEN_PIPE_H
#define CUNWIND_BROKEN_PIPE_H

/// Replaces SIGPIPE's action with a handler (SA_RESTART) instead of
/// `SIG_IGN`, so that:
/// - a write to a pipe or socket whose reader is gone fails with EPIPE,
///   as when SIGPIPE is ignored;
/// - except a write to stdout when stdout is a pipe whose reader is gone
///   (`program | head -1`): the handler puts SIGPIPE's default action
///   back and the process ends, killed by SIGPIPE, as a C program does
///   (Go's rule for fd 1). Not while the writing thread is panicking: a
///   panic's last flush must not change its exit status;
/// - `exec` resets a handled signal to its default, so child processes
///   start with SIGPIPE at its default, not ignored.
/// Returns 0, or the errno of a failed `sigaction`.
int cunwind_sigpipe_install(void);

/// Blocks SIGPIPE on the calling thread: a write to a broken pipe from it
/// fails with EPIPE whatever SIGPIPE's action. For the last flush of a
/// process that is exiting with a status already chosen.
void cunwind_sigpipe_block_on_thread(void);

#endif
