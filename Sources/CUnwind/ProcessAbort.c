#include "ProcessAbort.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

void cunwind_abort(void) {
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
