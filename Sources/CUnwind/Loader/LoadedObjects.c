// Thin wrappers over the loader's look-ups that Swift's Glibc module lacks
// (they need _GNU_SOURCE and <link.h>), and over stdout's lock.
#define _GNU_SOURCE
#include "Loader/LoadedObjects.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>

struct containing_search {
    uintptr_t address;
    const char *path;
    uintptr_t base;
    bool found;
    bool is_main_program;
    // Its thread-local block: module id, the calling thread's block (NULL
    // when not made yet on this thread), size (0: none).
    size_t tls_module;
    void *tls_block;
    size_t tls_size;
};

static int find_containing(struct dl_phdr_info *info, size_t size, void *raw) {
    (void)size;
    struct containing_search *search = raw;
    uintptr_t lowest = UINTPTR_MAX;
    bool inside = false;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD) continue;
        uintptr_t start = (uintptr_t)info->dlpi_addr + segment->p_vaddr;
        if (start < lowest) lowest = start;
        if (search->address >= start && search->address - start < segment->p_memsz) inside = true;
    }
    if (!inside) return 0;
    search->found = true;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type != PT_TLS) continue;
        search->tls_module = info->dlpi_tls_modid;
        search->tls_block = info->dlpi_tls_data;
        search->tls_size = info->dlpi_phdr[i].p_memsz;
    }
    search->is_main_program = info->dlpi_name == NULL || info->dlpi_name[0] == '\0';
    search->path = info->dlpi_name;
    // Where the loader mapped the object (dladdr's dli_fbase): the first
    // segment's page.
    search->base = lowest & ~(uintptr_t)4095;
    return 1;
}

bool cunwind_object_containing(const void *address, const char **path, uintptr_t *base) {
    // The program headers of each loaded object, not dladdr: dladdr also
    // looks for the nearest symbol, a linear walk of the object's dynamic
    // symbol table (480,000 instructions in libswiftCore, on the first
    // caught panic).
    struct containing_search search = { .address = (uintptr_t)address };
    dl_iterate_phdr(find_containing, &search);
    if (!search.found) return false;
    if (search.is_main_program) {
        // The loader names the program only through dladdr (its argv[0]);
        // its symbol table is the program's own, small.
        Dl_info info;
        if (dladdr(address, &info) == 0 || info.dli_fname == NULL || info.dli_fbase == NULL) return false;
        *path = info.dli_fname;
        *base = (uintptr_t)info.dli_fbase;
        return true;
    }
    *path = search.path;
    *base = search.base;
    return true;
}

bool cunwind_object_tls_block(const void *address, size_t *module, void **block, size_t *size) {
    struct containing_search search = { .address = (uintptr_t)address };
    dl_iterate_phdr(find_containing, &search);
    if (!search.found || search.tls_size == 0) return false;
    *module = search.tls_module;
    *block = search.tls_block;
    *size = search.tls_size;
    return true;
}

const void *cunwind_library_symbol(const char *library, const char *name) {
    void *handle = dlopen(library, RTLD_NOLOAD | RTLD_LAZY);
    if (handle == NULL) return NULL;
    void *address = dlsym(handle, name);
    // NOLOAD took a reference; the library stays loaded by whoever loaded it.
    dlclose(handle);
    return address;
}

bool cunwind_library_function_range(const char *library, const char *name, uintptr_t *start, uintptr_t *end) {
    const void *address = cunwind_library_symbol(library, name);
    if (address == NULL) return false;
    Dl_info info;
    const ElfW(Sym) *symbol = NULL;
    if (dladdr1((void *)address, &info, (void **)&symbol, RTLD_DL_SYMENT) == 0 || symbol == NULL || symbol->st_size == 0) return false;
    *start = (uintptr_t)address;
    *end = (uintptr_t)address + symbol->st_size;
    return true;
}

const char *cunwind_exported_symbol_at(const void *address) {
    Dl_info info;
    if (dladdr(address, &info) == 0 || info.dli_saddr != address) return NULL;
    return info.dli_sname;
}

// glibc's _IO_lock_t (libio/libio.h, sysdeps/nptl/stdio-lock.h).
typedef struct { int lock; int count; void *owner; } glibc_io_lock;

bool cunwind_stdout_unlock(int count) {
    glibc_io_lock *lock = (glibc_io_lock *)stdout->_lock;
    if (count <= 0 || lock == NULL) return false;
    if (lock->owner != (void *)pthread_self()) return false;
    // Never more than this thread holds.
    if (count > lock->count) count = lock->count;
    for (int i = 0; i < count; i++) funlockfile(stdout);
    return true;
}

bool cunwind_stdout_held_by_current_thread(void) {
    glibc_io_lock *lock = (glibc_io_lock *)stdout->_lock;
    return lock != NULL && lock->owner == (void *)pthread_self() && lock->count > 0;
}

static int read_counters(struct dl_phdr_info *info, size_t size, void *context) {
    uint64_t *counters = context;
    if (size >= offsetof(struct dl_phdr_info, dlpi_subs) + sizeof info->dlpi_subs) {
        counters[0] = info->dlpi_adds;
        counters[1] = info->dlpi_subs;
    }
    return 1; // The first object carries the counters: stop there.
}

void cunwind_loaded_objects(uint64_t *adds, uint64_t *subs) {
    uint64_t counters[2] = {0, 0};
    dl_iterate_phdr(read_counters, counters);
    *adds = counters[0];
    *subs = counters[1];
}
