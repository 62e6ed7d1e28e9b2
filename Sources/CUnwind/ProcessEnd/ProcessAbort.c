#include "ProcessEnd/ProcessAbort.h"
#include "ProcessEnd/StdoutSalvage.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

void cunwind_abort(void) {
    // The lines printed before the abort, when stdout is a file or a pipe
    // (full buffering): Rust keeps them, its stdout being line-buffered.
    cunwind_stdout_salvage();
    struct sigaction action = {0};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(SIGABRT, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGABRT);
    abort();
}

int cunwind_write_all(int fd, const void *buffer, unsigned long length) {
    const char *bytes = buffer;
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        bytes += written;
        length -= (unsigned long)written;
    }
    return 0;
}

int cunwind_write_report(int fd, const void *buffer, unsigned long length) {
    sigset_t pipe_only, previous, pending;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    // A SIGPIPE already pending is someone else's: leave it pending.
    bool was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
    int result = cunwind_write_all(fd, buffer, length);
    if (result != 0 && errno == EPIPE && !was_pending) {
        // The write raised SIGPIPE at this thread, held by the mask: take it back.
        int saved = errno;
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_only, NULL, &zero) < 0 && errno == EINTR) {}
        errno = saved;
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return result;
}
