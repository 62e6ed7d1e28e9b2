// SIGPIPE handled by a function that does almost nothing: EPIPE for the
// program, the default for its children, the end for `| head`.
#define _GNU_SOURCE
#include "Signals/BrokenPipe.h"
#include "ThreadState/ThreadState.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>

/// True when fd 1 is the write end of a pipe whose reader is gone.
static int stdout_is_broken_pipe(void) {
    struct pollfd descriptor = { .fd = 1, .events = 0, .revents = 0 };
    int ready;
    do {
        ready = poll(&descriptor, 1, 0);
    } while (ready < 0 && errno == EINTR);
    return ready == 1 && (descriptor.revents & POLLERR);
}

static void on_sigpipe(int signal) {
    int saved = errno;
    if (cunwind_thread_state_current()->panic_count == 0 && stdout_is_broken_pipe()) {
        // Pending until this handler returns (the signal is blocked while
        // it runs), then delivered with the default action: the end.
        struct sigaction fallback;
        memset(&fallback, 0, sizeof fallback);
        fallback.sa_handler = SIG_DFL;
        sigemptyset(&fallback.sa_mask);
        sigaction(SIGPIPE, &fallback, NULL);
        raise(signal);
    }
    errno = saved;
}

int cunwind_sigpipe_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigpipe;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGPIPE, &action, NULL) == 0 ? 0 : errno;
}

void cunwind_sigpipe_block_on_thread(void) {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, NULL);
}
