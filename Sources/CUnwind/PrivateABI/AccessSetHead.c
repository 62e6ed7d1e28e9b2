// This thread's access-set head word in the Swift runtime, found once per
// thread (see AccessSetHead.h).
//
// The runtime keeps the head in a thread-local of libswiftCore (its
// SwiftTLSContext). Its place is not exported, so it is found, once per
// process, by beginning a tracked access of our own and looking for the
// record's address in libswiftCore's thread-local block; its offset there
// is then the same on every thread. Each thread asks the dynamic linker for
// its own block (__tls_get_addr, as the runtime itself does) and checks the
// word with another access of its own before trusting it. Anything
// unexpected (no such word, two candidates, a failed check) leaves the
// thread asking the runtime, as before.
#include "PrivateABI/AccessSetHead.h"
#include "Loader/LoadedObjects.h"

#include <pthread.h>
#include <stddef.h>

// libswiftCore's exclusivity entry points. Flags: 0x20 tracked, action 0 (read).
extern void swift_beginAccess(void *pointer, void *buffer, uintptr_t flags, void *pc);
extern void swift_endAccess(void *buffer);
#define TRACKED_READ 0x20

// The dynamic linker's accessor of a module's thread-local block. Weak, as
// __libc_stack_end in MainThreadStack.c: a strong reference would list
// ld-linux among the program's libraries (issue 15, start-up).
typedef struct { unsigned long module, offset; } tls_index;
extern void *__tls_get_addr(tls_index *) __attribute__((weak));

__attribute__((tls_model("initial-exec"))) _Thread_local const void *const *cunwind_access_head_word;
// Set when locating failed on this thread: not tried again.
static __attribute__((tls_model("initial-exec"))) _Thread_local bool thread_gave_up;

static pthread_once_t process_once = PTHREAD_ONCE_INIT;
static bool process_found;
static tls_index head_index;

// Once per process: the head word's offset in libswiftCore's block.
static void find_head_offset(void) {
    if (__tls_get_addr == NULL) return;
    uintptr_t record[3];
    char variable;
    // Begun first, so that the runtime has made this thread's block.
    swift_beginAccess(&variable, record, TRACKED_READ, NULL);
    size_t module = 0, size = 0;
    void *block = NULL;
    size_t found = SIZE_MAX;
    int matches = 0;
    if (cunwind_object_tls_block((const void *)&swift_beginAccess, &module, &block, &size) && block != NULL) {
        const uintptr_t *words = block;
        for (size_t index = 0; index < size / sizeof(uintptr_t); index++) {
            if (words[index] == (uintptr_t)record) {
                found = index * sizeof(uintptr_t);
                matches++;
            }
        }
    }
    swift_endAccess(record);
    if (matches != 1) return;
    head_index.module = module;
    head_index.offset = found;
    process_found = true;
}

// The word is this thread's head when an access begun now shows there.
static bool holds_head(const void *const *word) {
    uintptr_t record[3];
    char variable;
    swift_beginAccess(&variable, record, TRACKED_READ, NULL);
    bool holds = *word == (const void *)record;
    swift_endAccess(record);
    return holds && *word != (const void *)record;
}

bool cunwind_access_head_locate(void) {
    if (thread_gave_up) return false;
    pthread_once(&process_once, find_head_offset);
    const void *const *word = process_found ? __tls_get_addr(&head_index) : NULL;
    if (word == NULL || !holds_head(word)) {
        thread_gave_up = true;
        return false;
    }
    cunwind_access_head_word = word;
    return true;
}
