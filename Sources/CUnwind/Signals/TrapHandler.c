// Swift traps become calls: the SIGILL handler rewrites the interrupted
// context so that, when the handler returns, the thread runs
// cunwind_trap_trampoline on its own stack, with a frame that unwinds back
// into the trapping function (so backtraces are exact), and with the signal
// mask restored by sigreturn. No policy here: the trampoline calls the entry
// that Swift registered.
#define _GNU_SOURCE
#include "Signals/TrapHandler.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <string.h>
#include <ucontext.h>

#include "Signals/SignalRedirect.h"

// Written under install_lock, read by the handler with atomic loads.
static cunwind_trap_entry trap_entry;
static struct sigaction previous_sigill;
static struct sigaction previous_sigtrap;
static int installed;
// Serializes install and uninstall: two threads installing at once would
// both save a "previous" handler, the second saving ours, and forwarding
// would then call itself.
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

#if defined(__x86_64__)

// Called by the trampoline with the trapping instruction's address.
__attribute__((used, noreturn)) static void cunwind_trap_continue(uintptr_t pc) {
    __atomic_load_n(&trap_entry, __ATOMIC_ACQUIRE)(pc);
    __builtin_trap();
}

// Entered with [rsp] = trap pc + 1 (a return address into the trapping
// function, so unwinders look up the trapping instruction's CFI) and
// rsp = the trap-time rsp - 8. Keeps rbp as a frame pointer so its CFA is
// exact whatever the alignment, aligns the stack, and calls on.
__asm__(
    ".text\n"
    ".globl cunwind_trap_trampoline\n"
    ".type cunwind_trap_trampoline, @function\n"
    "cunwind_trap_trampoline:\n"
    "    .cfi_startproc\n"
    "    pushq %rbp\n"
    "    .cfi_def_cfa_offset 16\n"
    "    .cfi_offset %rbp, -16\n"
    "    movq %rsp, %rbp\n"
    "    .cfi_def_cfa_register %rbp\n"
    "    andq $-16, %rsp\n"
    "    movq 8(%rbp), %rdi\n"
    "    subq $1, %rdi\n"
    "    call cunwind_trap_continue\n"
    "    ud2\n"
    "    .cfi_endproc\n"
    ".size cunwind_trap_trampoline, .-cunwind_trap_trampoline\n");
extern void cunwind_trap_trampoline(void);

static bool is_swift_trap(const ucontext_t *context) {
    const unsigned char *pc = (const unsigned char *)context->uc_mcontext.gregs[REG_RIP];
    // ud2: what Builtin.int_trap and the compiler's checks emit.
    return pc != NULL && pc[0] == 0x0F && pc[1] == 0x0B;
}

static void redirect(ucontext_t *context) {
    // A call frame at the trap: the return address is the trap pc + 1.
    cunwind_redirect_to(context, context->uc_mcontext.gregs[REG_RIP] + 1, cunwind_trap_trampoline);
}
#endif

static void forward(int signal, siginfo_t *info, void *context) {
    struct sigaction *previous = signal == SIGILL ? &previous_sigill : &previous_sigtrap;
    if (cunwind_call_previous_handler(previous, signal, info, context)) return;
    // Default action: reinstall it and return, so the instruction faults again and ends the process.
    sigaction(signal, previous, NULL);
}

static void handle(int signal, siginfo_t *info, void *raw) {
#if defined(__x86_64__)
    ucontext_t *context = raw;
    if (__atomic_load_n(&installed, __ATOMIC_ACQUIRE) && __atomic_load_n(&trap_entry, __ATOMIC_ACQUIRE) && is_swift_trap(context)) {
        redirect(context);
        return;
    }
#endif
    forward(signal, info, raw);
}

bool cunwind_trap_install(cunwind_trap_entry entry) {
#if defined(__x86_64__)
    pthread_mutex_lock(&install_lock);
    __atomic_store_n(&trap_entry, entry, __ATOMIC_RELEASE);
    bool done = installed;
    if (!done) {
        if (cunwind_install_signal_handler(SIGILL, handle, &previous_sigill)) {
            if (cunwind_install_signal_handler(SIGTRAP, handle, &previous_sigtrap)) {
                __atomic_store_n(&installed, 1, __ATOMIC_RELEASE);
                done = true;
            } else {
                sigaction(SIGILL, &previous_sigill, NULL);
            }
        }
    }
    pthread_mutex_unlock(&install_lock);
    return done;
#else
    (void)entry;
    return false;
#endif
}

void cunwind_trap_uninstall(void) {
    pthread_mutex_lock(&install_lock);
    if (installed) {
        __atomic_store_n(&installed, 0, __ATOMIC_RELEASE);
        sigaction(SIGILL, &previous_sigill, NULL);
        sigaction(SIGTRAP, &previous_sigtrap, NULL);
    }
    pthread_mutex_unlock(&install_lock);
}

bool cunwind_trap_installed(void) { return __atomic_load_n(&installed, __ATOMIC_ACQUIRE); }
