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
#include <unistd.h>

#include "CatchFrames/CatchFrame.h"
#include "Signals/HandlerOwner.h"
#include "Signals/SignalRedirect.h"

// Another tool may install its own SIGILL handler over ours and put back,
// later, whatever it had saved (Nimble's throwAssertion does, for each
// call). Each of our entries below is a distinct function with its own,
// never rewritten, record of the handler it was installed over, so the
// handler the kernel holds always names the right "previous" one, whatever
// order the tool restores in. An entry is made once per distinct previous
// handler.
enum { ENTRY_COUNT = 8, SIGNAL_COUNT = 2 };

typedef struct {
    struct sigaction previous;
    // Traps that cannot be landed go to `previous` (see handle).
    bool previous_is_another_tools;
} entry_record;

// Written under install_lock before the entry is first installed, then
// never changed: the handler reads them without a lock.
static entry_record records[SIGNAL_COUNT][ENTRY_COUNT];
static int record_count[SIGNAL_COUNT];
static cunwind_trap_entry trap_entry;
// Whether traps are wanted (enable/disable); the handlers forward everything while it is 0.
static int enabled;
// Serializes install and uninstall, so entries are made once and a
// "previous" handler is never one of ours (forwarding would call itself).
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

static int signal_slot(int signal) { return signal == SIGILL ? 0 : 1; }

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

// The status cunwind_hand_trap_on's trap ends the process with when it comes
// back to an entry of ours with no other tool below.
static int hand_on_status;

#if defined(__x86_64__)
// The trap of cunwind_hand_trap_on, with the stack aligned as in a
// function's body, for a tool that makes the thread "call" a function from
// the trap (Nimble does).
__asm__(
    ".text\n"
    ".globl cunwind_trap_for_another_tool\n"
    ".hidden cunwind_trap_for_another_tool\n"
    ".type cunwind_trap_for_another_tool, @function\n"
    "cunwind_trap_for_another_tool:\n"
    "    .cfi_startproc\n"
    "    pushq %rbp\n"
    "    .cfi_def_cfa_offset 16\n"
    "    .cfi_offset %rbp, -16\n"
    "    movq %rsp, %rbp\n"
    "    .cfi_def_cfa_register %rbp\n"
    ".globl cunwind_hand_trap_on_site\n"
    ".hidden cunwind_hand_trap_on_site\n"
    "cunwind_hand_trap_on_site:\n"
    "    ud2\n"
    "    .cfi_endproc\n"
    ".size cunwind_trap_for_another_tool, .-cunwind_trap_for_another_tool\n");
__attribute__((visibility("hidden"), noreturn)) extern void cunwind_trap_for_another_tool(void);
// Its ud2, which the handler never lands.
__attribute__((visibility("hidden"))) extern const char cunwind_hand_trap_on_site[];

void cunwind_hand_trap_on(int uncaught_status) {
    __atomic_store_n(&hand_on_status, uncaught_status, __ATOMIC_RELEASE);
    cunwind_trap_for_another_tool();
}
#else
void cunwind_hand_trap_on(int uncaught_status) {
    __atomic_store_n(&hand_on_status, uncaught_status, __ATOMIC_RELEASE);
    __builtin_trap();
}
#endif

static void forward(const entry_record *record, int signal, siginfo_t *info, void *context) {
    if (cunwind_call_previous_handler(&record->previous, signal, info, context)) return;
    // Default action: reinstall it and return, so the instruction faults again and ends the process.
    sigaction(signal, &record->previous, NULL);
}

// A trap is landed (run as a panic) unless this thread has no catch frame
// and the handler we were installed over is another tool's: that tool was
// there first and may be waiting for this thread's trap (Nimble ends the
// thread and reports the assertion). A trap raised by cunwind_hand_trap_on
// goes on, or ends the process.
static void handle(int index, int signal, siginfo_t *info, void *raw) {
    const entry_record *record = &records[signal_slot(signal)][index];
#if defined(__x86_64__)
    ucontext_t *context = raw;
    if (context->uc_mcontext.gregs[REG_RIP] == (greg_t)(uintptr_t)cunwind_hand_trap_on_site) {
        // Back at an entry with no tool below: a tool above ours handed the
        // trap back (as for fatalError, the panic ends as uncaught), or its
        // window closed meanwhile.
        if (!record->previous_is_another_tools) _exit(__atomic_load_n(&hand_on_status, __ATOMIC_ACQUIRE));
        forward(record, signal, info, raw);
        return;
    }
    if (__atomic_load_n(&enabled, __ATOMIC_ACQUIRE) && __atomic_load_n(&trap_entry, __ATOMIC_ACQUIRE) && is_swift_trap(context)
        && (cunwind_innermost_catch_frame() != NULL || !record->previous_is_another_tools)) {
        redirect(context);
        return;
    }
#endif
    forward(record, signal, info, raw);
}

#define ENTRY(index) static void handle_##index(int signal, siginfo_t *info, void *raw) { handle(index, signal, info, raw); }
ENTRY(0) ENTRY(1) ENTRY(2) ENTRY(3) ENTRY(4) ENTRY(5) ENTRY(6) ENTRY(7)
static void (*const entries[ENTRY_COUNT])(int, siginfo_t *, void *) = {
    handle_0, handle_1, handle_2, handle_3, handle_4, handle_5, handle_6, handle_7,
};

// Which of our entries `action` is, or -1.
static int entry_index(const struct sigaction *action) {
    if (!(action->sa_flags & SA_SIGINFO)) return -1;
    for (int index = 0; index < ENTRY_COUNT; index++) {
        if (action->sa_sigaction == entries[index]) return index;
    }
    return -1;
}

static bool same_action(const struct sigaction *a, const struct sigaction *b) {
    return cunwind_action_function(a) == cunwind_action_function(b) && (a->sa_flags & SA_SIGINFO) == (b->sa_flags & SA_SIGINFO)
        && (cunwind_action_function(a) != NULL || a->sa_handler == b->sa_handler);
}

// The entry whose previous handler is `previous`, made if needed; -1 when all are taken.
static int entry_over(int signal, const struct sigaction *previous) {
    int slot = signal_slot(signal);
    for (int index = 0; index < record_count[slot]; index++) {
        if (same_action(&records[slot][index].previous, previous)) return index;
    }
    if (record_count[slot] == ENTRY_COUNT) return -1;
    int index = record_count[slot];
    records[slot][index].previous = *previous;
    records[slot][index].previous_is_another_tools = cunwind_action_is_another_tools(previous);
    record_count[slot] = index + 1;
    return index;
}

// The action that installs entry `index`.
static struct sigaction entry_action(int index) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = entries[index];
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    return action;
}

// Makes one of our entries the handler of `signal`, unless one already is.
// Called under install_lock.
static bool ensure_installed(int signal) {
    struct sigaction seen;
    if (sigaction(signal, NULL, &seen) != 0) return false;
    // What the next install should replace. Another tool may change the
    // handler between the read and the install (bounded retries): what the
    // install really replaced is then put back under ours (its own entry,
    // when it is ours, put back by the tool).
    struct sigaction expected = seen;
    for (int attempt = 0; attempt < 4; attempt++) {
        int index = entry_index(&seen);
        if (index >= 0 && same_action(&seen, &expected)) return true;
        if (index < 0) index = entry_over(signal, &seen);
        if (index < 0) return false;
        struct sigaction replaced;
        if (!cunwind_install_signal_handler(signal, entries[index], &replaced)) return false;
        if (same_action(&replaced, &expected)) return true;
        expected = entry_action(index);
        seen = replaced;
    }
    return false;
}

// Whether one of our entries is the handler of `signal`; its index in `index`.
static bool installed_entry(int signal, int *index) {
    struct sigaction current;
    if (sigaction(signal, NULL, &current) != 0) return false;
    *index = entry_index(&current);
    return *index >= 0;
}

bool cunwind_trap_install(cunwind_trap_entry entry) {
#if defined(__x86_64__)
    pthread_mutex_lock(&install_lock);
    __atomic_store_n(&trap_entry, entry, __ATOMIC_RELEASE);
    __atomic_store_n(&enabled, 1, __ATOMIC_RELEASE);
    bool done = ensure_installed(SIGILL) && ensure_installed(SIGTRAP);
    pthread_mutex_unlock(&install_lock);
    return done;
#else
    (void)entry;
    return false;
#endif
}

void cunwind_trap_uninstall(void) {
    pthread_mutex_lock(&install_lock);
    __atomic_store_n(&enabled, 0, __ATOMIC_RELEASE);
    // Only our own entry is taken out: a tool's handler installed over ours
    // stays, and when it puts ours back, ours forwards every signal.
    const int signals[SIGNAL_COUNT] = { SIGILL, SIGTRAP };
    for (int slot = 0; slot < SIGNAL_COUNT; slot++) {
        int index;
        if (installed_entry(signals[slot], &index)) sigaction(signals[slot], &records[slot][index].previous, NULL);
    }
    pthread_mutex_unlock(&install_lock);
}

bool cunwind_trap_installed(void) {
    int index;
    return __atomic_load_n(&enabled, __ATOMIC_ACQUIRE) && installed_entry(SIGILL, &index) && installed_entry(SIGTRAP, &index);
}

bool cunwind_trap_goes_to_another_tool(void) {
    struct sigaction current;
    if (sigaction(SIGILL, NULL, &current) != 0) return false;
    int index = entry_index(&current);
    // Ours hands the trap on exactly when it was installed over another tool's.
    if (index >= 0) return records[0][index].previous_is_another_tools;
    return cunwind_action_is_another_tools(&current);
}
