// The Swift runtime's fatal-error messages, per thread. Before it traps, the
// standard library reports `Fatal error: …` (debug builds, `fatalError` and
// friends in any build): it prints it, appends it to one process-wide record
// with no thread in it, and, when `_swift_reportFatalErrorsToDebugger` is set
// (the default), calls the debugger hook `_swift_runtime_on_report(flags,
// message, details)` on the reporting thread. That call is the only place
// that says which thread reported what, so the hook's body, an empty
// function kept for debuggers to break on, is replaced by a jump here.
#define _GNU_SOURCE
#include "PrivateABI/RuntimeReportHook.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MESSAGE_CAPACITY 1024

static __attribute__((tls_model("initial-exec"))) _Thread_local char last_message[MESSAGE_CAPACITY];
static __attribute__((tls_model("initial-exec"))) _Thread_local bool has_message;

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static bool routed;

/// RuntimeErrorFlagFatal in the runtime's Debug.h.
#define RUNTIME_ERROR_FLAG_FATAL 1

// Called by the runtime, on the reporting thread, in place of its empty hook.
static void on_report(uintptr_t flags, const char *message, void *details) {
    (void)details;
    if (!(flags & RUNTIME_ERROR_FLAG_FATAL) || message == NULL) return;
    size_t length = strnlen(message, MESSAGE_CAPACITY - 1);
    memcpy(last_message, message, length);
    last_message[length] = 0;
    has_message = true;
}

#if defined(__x86_64__)
// The hook as libswiftCore 6.x builds it: push %rbp; mov %rsp,%rbp; pop %rbp;
// ret; then a 10-byte nop to the next 16-byte boundary.
static const unsigned char expected_body[16] = {
    0x55, 0x48, 0x89, 0xE5, 0x5D, 0xC3, 0x66, 0x2E, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void install(void) {
    unsigned char *hook = dlsym(RTLD_DEFAULT, "_swift_runtime_on_report");
    if (hook == NULL || memcmp(hook, expected_body, sizeof expected_body) != 0) return;
    // movabs $on_report, %rax; jmp *%rax (12 bytes); the rest stays nop.
    unsigned char patch[12] = {0x48, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xE0};
    uint64_t target = (uint64_t)(uintptr_t)on_report;
    memcpy(patch + 2, &target, sizeof target);

    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (uintptr_t)hook & ~(page - 1);
    uintptr_t last = ((uintptr_t)hook + sizeof expected_body - 1) & ~(page - 1);
    size_t length = last - first + page;
    // Writable and still executable: other code on the page may run meanwhile.
    if (mprotect((void *)first, length, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) return;
    memcpy(hook, patch, sizeof patch);
    __builtin___clear_cache((char *)hook, (char *)hook + sizeof patch);
    mprotect((void *)first, length, PROT_READ | PROT_EXEC);
    routed = true;
}
#else
static void install(void) {}
#endif

bool cunwind_runtime_report_hook_install(void) {
    pthread_once(&install_once, install);
    return routed;
}

bool cunwind_runtime_report_take(char *buffer, unsigned long capacity) {
    if (!has_message || capacity == 0) return false;
    has_message = false;
    size_t length = strnlen(last_message, capacity - 1);
    memcpy(buffer, last_message, length);
    buffer[length] = 0;
    return true;
}
