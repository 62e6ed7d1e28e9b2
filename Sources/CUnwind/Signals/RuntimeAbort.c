// Swift runtime failures that end in abort() (as!, unowned, exclusivity)
// become calls: the SIGABRT handler checks the runtime's fatal error record
// and rewrites the interrupted context so that, when it returns, the thread
// runs cunwind_runtime_abort_trampoline on its own stack (as TrapHandler.c
// does for traps). No policy here: the trampoline calls the Swift entry.
#define _GNU_SOURCE
#include "Signals/RuntimeAbort.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <string.h>
#include <ucontext.h>

#include "Signals/SignalRedirect.h"
#include <unistd.h>

// libswiftCore: the address of its record of fatal error messages (each
// swift_reportError appends to it). Weak: older runtimes lack it.
extern char **swift_getFatalErrorMessageBuffer(void) __attribute__((weak));

// Written under install_lock, read by the handler with atomic loads.
static cunwind_runtime_abort_entry abort_entry;
static char **message_slot;
static struct sigaction previous_sigabrt;
static int installed;
// Serializes install and uninstall (see TrapHandler.c).
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

#if defined(__x86_64__)

__attribute__((used, noreturn)) static void cunwind_runtime_abort_continue(void) {
    __atomic_load_n(&abort_entry, __ATOMIC_ACQUIRE)();
    __builtin_trap();
}

// Entered with [rsp] = the interrupted pc (a return address into raise, so
// unwinders walk on through abort and the runtime into the user's frame)
// and rsp = the interrupted rsp - 8. Keeps rbp as a frame pointer, aligns
// the stack and calls on.
__asm__(
    ".text\n"
    ".globl cunwind_runtime_abort_trampoline\n"
    ".type cunwind_runtime_abort_trampoline, @function\n"
    "cunwind_runtime_abort_trampoline:\n"
    "    .cfi_startproc\n"
    "    pushq %rbp\n"
    "    .cfi_def_cfa_offset 16\n"
    "    .cfi_offset %rbp, -16\n"
    "    movq %rsp, %rbp\n"
    "    .cfi_def_cfa_register %rbp\n"
    "    andq $-16, %rsp\n"
    "    call cunwind_runtime_abort_continue\n"
    "    ud2\n"
    "    .cfi_endproc\n"
    ".size cunwind_runtime_abort_trampoline, .-cunwind_runtime_abort_trampoline\n");
extern void cunwind_runtime_abort_trampoline(void);

static void redirect(ucontext_t *context) {
    // The return address is the interrupted pc: raise is never resumed.
    cunwind_redirect_to(context, context->uc_mcontext.gregs[REG_RIP], cunwind_runtime_abort_trampoline);
}
#endif

/// True when `line` (up to `end`) contains `needle`.
static bool line_contains(const char *line, const char *end, const char *needle) {
    size_t length = strlen(needle);
    for (const char *at = line; at + length <= end; at++) {
        if (memcmp(at, needle, length) == 0) return true;
    }
    return false;
}

/// True when the runtime's last recorded fatal error is one that leaves its
/// state whole. Reads memory only: async-signal-safe.
static bool is_recoverable_runtime_failure(void) {
    char **slot = __atomic_load_n(&message_slot, __ATOMIC_ACQUIRE);
    const char *record = slot ? *(char *volatile *)slot : NULL;
    if (record == NULL) return false;
    const char *end = record + strlen(record);
    while (end > record && end[-1] == '\n') end--;
    const char *line = end;
    while (line > record && line[-1] != '\n') line--;
    return line_contains(line, end, "Could not cast value of type ")
        || line_contains(line, end, "Attempted to read an unowned reference but object ")
        || line_contains(line, end, "Fatal access conflict detected.");
}

static void forward(int signal, siginfo_t *info, void *context) {
    if (cunwind_call_previous_handler(&previous_sigabrt, signal, info, context)) return;
    // The default action: put it back and raise again; the signal is
    // blocked while this handler runs, and ends the process when it returns.
    sigaction(signal, &previous_sigabrt, NULL);
    raise(signal);
}

static void handle(int signal, siginfo_t *info, void *raw) {
#if defined(__x86_64__)
    if (__atomic_load_n(&installed, __ATOMIC_ACQUIRE) && __atomic_load_n(&abort_entry, __ATOMIC_ACQUIRE) && info->si_code == SI_TKILL && info->si_pid == getpid()
        && is_recoverable_runtime_failure()) {
        redirect((ucontext_t *)raw);
        return;
    }
#endif
    forward(signal, info, raw);
}

bool cunwind_runtime_abort_install(cunwind_runtime_abort_entry entry) {
#if defined(__x86_64__)
    if (swift_getFatalErrorMessageBuffer == NULL) return false;
    pthread_mutex_lock(&install_lock);
    __atomic_store_n(&message_slot, swift_getFatalErrorMessageBuffer(), __ATOMIC_RELEASE);
    __atomic_store_n(&abort_entry, entry, __ATOMIC_RELEASE);
    bool done = installed;
    if (!done) {
        if (cunwind_install_signal_handler(SIGABRT, handle, &previous_sigabrt)) {
            __atomic_store_n(&installed, 1, __ATOMIC_RELEASE);
            done = true;
        }
    }
    pthread_mutex_unlock(&install_lock);
    return done;
#else
    (void)entry;
    return false;
#endif
}

void cunwind_runtime_abort_uninstall(void) {
    pthread_mutex_lock(&install_lock);
    if (installed) {
        __atomic_store_n(&installed, 0, __ATOMIC_RELEASE);
        sigaction(SIGABRT, &previous_sigabrt, NULL);
    }
    pthread_mutex_unlock(&install_lock);
}
