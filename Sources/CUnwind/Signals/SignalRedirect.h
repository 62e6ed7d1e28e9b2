// What the SIGILL/SIGTRAP (TrapHandler.c) and SIGABRT (RuntimeAbort.c)
// handlers share (not exported): installing a handler, handing a signal on
// to the handler that was installed before, and making the interrupted thread "call" a
// trampoline. Async-signal-safe. Include after <ucontext.h> with _GNU_SOURCE
// defined (for REG_RIP).
#ifndef CUNWIND_SIGNAL_REDIRECT_H
#define CUNWIND_SIGNAL_REDIRECT_H

#include <signal.h>
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include <ucontext.h>

// Installs `handler` for `signal` (SA_SIGINFO, on the alternate stack when
// one is set, no other signal blocked), saving what was there in `previous`.
static inline bool cunwind_install_signal_handler(int signal, void (*handler)(int, siginfo_t *, void *), struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, previous) == 0;
}

/// Calls the handler `previous` describes, if it is one (not SIG_IGN or
/// SIG_DFL); returns whether it did.
static inline bool cunwind_call_previous_handler(const struct sigaction *previous, int signal, siginfo_t *info, void *context) {
    if (previous->sa_flags & SA_SIGINFO) {
        if (previous->sa_sigaction) { previous->sa_sigaction(signal, info, context); return true; }
    } else if (previous->sa_handler != SIG_IGN && previous->sa_handler != SIG_DFL) {
        previous->sa_handler(signal);
        return true;
    }
    return false;
}

#if defined(__x86_64__)
/// Rewrites the interrupted context so that, when the handler returns, the
/// thread runs `target` as if called with `return_address` pushed: the red
/// zone below the stack pointer is overwritten, so the interrupted code must
/// never be resumed.
static inline void cunwind_redirect_to(ucontext_t *context, greg_t return_address, void (*target)(void)) {
    greg_t sp = context->uc_mcontext.gregs[REG_RSP] - 8;
    *(greg_t *)sp = return_address;
    context->uc_mcontext.gregs[REG_RSP] = sp;
    context->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)target;
}
#endif

#endif
