#ifndef CUNWIND_SWIFT_DEMANGLE_H
#define CUNWIND_SWIFT_DEMANGLE_H

#include <stddef.h>
#include <stdint.h>

/// The Swift runtime's demangler (libswiftCore). Returns a malloc'd,
/// NUL-terminated demangled name, or NULL when `mangled` is not a Swift
/// symbol. Declared here so that Swift can call it; the caller frees.
extern char *swift_demangle(const char *mangled, size_t length, char *output, size_t *outputSize, uint32_t flags);

#endif
