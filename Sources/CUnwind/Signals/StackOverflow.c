// Stack overflow reports (Rust's sys/pal/unix/stack_overflow.rs): a
// SIGSEGV/SIGBUS handler on an alternate signal stack that recognises a hit
// in the faulting thread's guard range. Mechanism only: PanicRuntime decides
// when a thread is prepared; the handler can do nothing but report and abort.
#define _GNU_SOURCE
#include "Signals/StackOverflow.h"

#include "Signals/MainThreadStack.h"
#include "ProcessEnd/ProcessAbort.h"
#include "ThreadState/ThreadState.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

/// The kernel's gap below a growing main-thread stack where nothing else is
/// mapped (stack_guard_gap, 256 pages by default): a fault there is the
/// stack hitting its rlimit, even from a frame larger than a page.
#define MAIN_GUARD_GAP_PAGES 256

/// The alternate signal stack's size when this file maps one: room for the
/// kernel's signal frame (AVX-512 state included) and for the handler that
/// runs on it after ours gives up (the Swift runtime's crash backtracer).
#define ALTSTACK_MINIMUM (64 * 1024)

/// What one thread needs in the handler, read with one TLS access (the
/// initial-exec model: no allocation, no lock, safe in a signal handler).
typedef struct overflow_thread {
    /// A fault address in [guard_low, guard_high) is a stack overflow.
    uintptr_t guard_low;
    uintptr_t guard_high;
    /// The mapping this file made for the thread's alternate stack (its own
    /// guard page first), or NULL when the thread uses one it already had.
    void *altstack_mapping;
    size_t altstack_mapping_size;
} overflow_thread;

static __attribute__((tls_model("initial-exec"))) _Thread_local overflow_thread this_thread;

static struct sigaction previous_segv;
static struct sigaction previous_bus;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_error;

// MARK: the handler (async-signal-safe only)

static size_t append(char *buffer, size_t used, size_t capacity, const char *text) {
    while (*text && used < capacity) buffer[used++] = *text++;
    return used;
}

/// Appends the thread name with control characters written as `\u{XX}`, as
/// panic reports print them.
static size_t append_inert(char *buffer, size_t used, size_t capacity, const char *name) {
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *byte = (const unsigned char *)name; *byte && used + 8 < capacity; byte++) {
        if (*byte < 0x20 || *byte == 0x7F) {
            buffer[used++] = '\\';
            buffer[used++] = 'u';
            buffer[used++] = '{';
            if (*byte >= 0x10) buffer[used++] = hex[*byte >> 4];
            buffer[used++] = hex[*byte & 0xF];
            buffer[used++] = '}';
        } else {
            buffer[used++] = (char)*byte;
        }
    }
    return used;
}

static size_t append_decimal(char *buffer, size_t used, size_t capacity, long value) {
    char digits[24];
    int count = 0;
    unsigned long magnitude = value < 0 ? (unsigned long)-value : (unsigned long)value;
    do {
        digits[count++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    if (value < 0 && used < capacity) buffer[used++] = '-';
    while (count > 0 && used < capacity) buffer[used++] = digits[--count];
    return used;
}

static void report_overflow(void) {
    pid_t tid = cunwind_thread_id();
    const char *name = cunwind_thread_name();
    // Rust 1.95 says `<unknown>` here (a panic on such a thread says `<unnamed>`).
    if (name == NULL) name = cunwind_thread_is_main() ? "main" : "<unknown>";
    char text[1024];
    size_t capacity = sizeof text;
    size_t used = append(text, 0, capacity, "\nthread '");
    // A name too long for the buffer is cut; the two lines always fit.
    used = append_inert(text, used, capacity - 128, name);
    used = append(text, used, capacity, "' (");
    used = append_decimal(text, used, capacity, tid);
    used = append(text, used, capacity, ") has overflowed its stack\nfatal runtime error: stack overflow, aborting\n");
    cunwind_write_all(2, text, used);
}

static void on_fault(int signal, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    // si_code > 0: the kernel reports a fault at si_addr (not a kill/raise).
    if (info->si_code > 0 && address >= this_thread.guard_low && address < this_thread.guard_high) {
        report_overflow();
        cunwind_abort();
    }
    // Not an overflow: the action from before takes over. A real fault
    // happens again when this returns; a signal sent with kill or raise is
    // sent again (it stays pending until the handler returns).
    sigaction(signal, signal == SIGSEGV ? &previous_segv : &previous_bus, NULL);
    if (info->si_code <= 0) raise(signal);
}

// MARK: a panic path short of stack (ordinary code)

bool cunwind_overflow_stack_is_short(unsigned long needed) {
    if (this_thread.guard_high <= this_thread.guard_low) return false;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    return here < this_thread.guard_high || here - this_thread.guard_high < needed;
}

void cunwind_overflow_report_and_abort(void) {
    report_overflow();
    cunwind_abort();
}

// MARK: set-up (ordinary code)

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGSEGV, &action, &previous_segv) != 0) {
        install_error = errno;
        return;
    }
    if (sigaction(SIGBUS, &action, &previous_bus) != 0) {
        install_error = errno;
        sigaction(SIGSEGV, &previous_segv, NULL);
    }
}

int cunwind_overflow_install(void) {
    pthread_once(&install_once, install);
    return install_error;
}

static size_t page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static size_t altstack_size(void) {
    size_t size = ALTSTACK_MINIMUM;
#ifdef _SC_SIGSTKSZ
    long configured = sysconf(_SC_SIGSTKSZ);
    if (configured > 0 && (size_t)configured > size) size = (size_t)configured;
#endif
    unsigned long minimum = getauxval(AT_MINSIGSTKSZ);
    if (minimum > size) size = minimum;
    size_t page = page_size();
    return (size + page - 1) / page * page;
}

/// The calling thread's guard range, from its pthread attributes.
static int find_guard(bool main_thread, uintptr_t *low, uintptr_t *high) {
    uintptr_t main_bottom;
    if (main_thread && cunwind_main_stack_bottom(&main_bottom)) {
        // What the attributes would say, without their read of /proc/self/maps.
        uintptr_t gap = MAIN_GUARD_GAP_PAGES * page_size();
        *low = main_bottom > gap ? main_bottom - gap : 0;
        *high = main_bottom;
        return 0;
    }
    pthread_attr_t attributes;
    int error = pthread_getattr_np(pthread_self(), &attributes);
    if (error != 0) return error;
    void *stack = NULL;
    size_t size = 0, guard = 0;
    pthread_attr_getstack(&attributes, &stack, &size);
    pthread_attr_getguardsize(&attributes, &guard);
    pthread_attr_destroy(&attributes);

    size_t page = page_size();
    // The lowest usable address, rounded up to a page (the rlimit may not be aligned).
    uintptr_t bottom = ((uintptr_t)stack + page - 1) / page * page;
    if (main_thread) {
        // glibc computes the main thread's bottom from RLIMIT_STACK; the kernel
        // refuses to grow the stack past it and keeps the gap below unmapped.
        uintptr_t gap = MAIN_GUARD_GAP_PAGES * page;
        *low = bottom > gap ? bottom - gap : 0;
        *high = bottom;
    } else {
        if (guard == 0) guard = page;
        // glibc before 2.27 put the guard inside the reported stack, later
        // versions below it: match both, as Rust does.
        *low = bottom - guard;
        *high = bottom + guard;
    }
    return 0;
}

static int map_altstack(void) {
    stack_t current;
    if (sigaltstack(NULL, &current) != 0) return errno;
    if (!(current.ss_flags & SS_DISABLE)) return 0;  // keep the one it has

    size_t page = page_size();
    size_t size = altstack_size();
    void *mapping = mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (mapping == MAP_FAILED) return errno;
    // A guard page of its own, so an overflow of the handler faults too.
    if (mprotect(mapping, page, PROT_NONE) != 0) {
        int error = errno;
        munmap(mapping, size + page);
        return error;
    }
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = (char *)mapping + page;
    stack.ss_size = size;
    if (sigaltstack(&stack, NULL) != 0) {
        int error = errno;
        munmap(mapping, size + page);
        return error;
    }
    this_thread.altstack_mapping = mapping;
    this_thread.altstack_mapping_size = size + page;
    return 0;
}

int cunwind_overflow_thread_begin(bool main_thread) {
    uintptr_t low = 0, high = 0;
    int error = find_guard(main_thread, &low, &high);
    if (error != 0) return error;
    error = map_altstack();
    if (error != 0) return error;
    this_thread.guard_low = low;
    this_thread.guard_high = high;
    return 0;
}

void cunwind_overflow_thread_end(void) {
    this_thread.guard_low = 0;
    this_thread.guard_high = 0;
    void *mapping = this_thread.altstack_mapping;
    if (mapping == NULL) return;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && current.ss_sp == (char *)mapping + page_size()) {
        stack_t disabled;
        memset(&disabled, 0, sizeof disabled);
        disabled.ss_flags = SS_DISABLE;
        sigaltstack(&disabled, NULL);
    }
    munmap(mapping, this_thread.altstack_mapping_size);
    this_thread.altstack_mapping = NULL;
    this_thread.altstack_mapping_size = 0;
}

bool cunwind_overflow_guard_range(uintptr_t *low, uintptr_t *high) {
    *low = this_thread.guard_low;
    *high = this_thread.guard_high;
    return this_thread.guard_high > this_thread.guard_low;
}

bool cunwind_overflow_has_altstack(void) {
    stack_t current;
    return sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE);
}
