// Counts the pthread mutexes and rwlocks each thread holds (HeldLocks.h) by
// defining the pthread lock functions in the program: the dynamic linker
// binds every library's calls to these, which forward to the next definition
// (a sanitizer's interceptor when linked, else libc's) and count successes.
#define _GNU_SOURCE
#include "LockTracking/HeldLocks.h"
#include "LockTracking/HeldLockCount.h"
#include "CatchFrames/CatchFrameInternal.h"
#include <dlfcn.h>
#include <pthread.h>
#include <time.h>

// The lock functions run where sanitizers' own state may be gone (thread-exit
// destructors): like the sanitizers' interceptors, they are not instrumented.
#if __has_attribute(disable_sanitizer_instrumentation)
#define CUNWIND_UNINSTRUMENTED __attribute__((disable_sanitizer_instrumentation))
#else
#define CUNWIND_UNINSTRUMENTED __attribute__((no_sanitize("address", "thread", "memory")))
#endif

typedef struct {
    const void *lock;
    const void *caller;
    cunwind_lock_kind kind;
} held_lock;

// Exact count; the record keeps the newest acquisitions, by depth modulo its size.
__attribute__((tls_model("initial-exec"))) _Thread_local int32_t cunwind_held_lock_count;
#define held_count cunwind_held_lock_count
static __attribute__((tls_model("initial-exec"))) _Thread_local held_lock held_record[CUNWIND_HELD_LOCKS_RECORDED];

bool cunwind_held_lock(int32_t index, cunwind_lock_kind *kind, const void **lock, const void **caller) {
    if (index < 0 || index >= held_count || held_count - index > CUNWIND_HELD_LOCKS_RECORDED) return false;
    held_lock *entry = &held_record[index % CUNWIND_HELD_LOCKS_RECORDED];
    if (entry->lock == NULL) return false;
    *kind = entry->kind;
    *lock = entry->lock;
    *caller = entry->caller;
    return true;
}

CUNWIND_UNINSTRUMENTED static inline __attribute__((always_inline)) void acquired(const void *lock, const void *caller, cunwind_lock_kind kind) {
    held_lock *entry = &held_record[(uint32_t)held_count % CUNWIND_HELD_LOCKS_RECORDED];
    entry->lock = lock;
    entry->caller = caller;
    entry->kind = kind;
    held_count++;
}

CUNWIND_UNINSTRUMENTED static inline __attribute__((always_inline)) void released(const void *lock) {
    held_count--;
    // Unlocked in order (the usual case): its record goes. Out of order, the
    // newest record is not this lock's: it is marked lost.
    held_lock *entry = &held_record[(uint32_t)held_count % CUNWIND_HELD_LOCKS_RECORDED];
    if (entry->lock != lock) entry->lock = NULL;
}

// The next definition of each function: a sanitizer's interceptor when one
// is linked into the program (they define the plain names weakly, so these
// strong ones win and must call theirs), else the one after the program in
// the lookup order (libc's).
#define CUNWIND_NEXT(type, name)                                                                  \
    extern type ___interceptor_##name __attribute__((weak));                                      \
    CUNWIND_UNINSTRUMENTED static type *next_##name(void) {                                                              \
        static type *resolved;                                                                    \
        type *function = __atomic_load_n(&resolved, __ATOMIC_RELAXED);                            \
        if (__builtin_expect(function == NULL, 0)) {                                              \
            function = &___interceptor_##name != NULL ? &___interceptor_##name                   \
                                                      : (type *)dlsym(RTLD_NEXT, #name);          \
            __atomic_store_n(&resolved, function, __ATOMIC_RELAXED);                              \
        }                                                                                         \
        return function;                                                                          \
    }

typedef int mutex_function(pthread_mutex_t *);
typedef int mutex_timed_function(pthread_mutex_t *, const struct timespec *);
typedef int mutex_clock_function(pthread_mutex_t *, clockid_t, const struct timespec *);
typedef int rwlock_function(pthread_rwlock_t *);
typedef int rwlock_timed_function(pthread_rwlock_t *, const struct timespec *);
typedef int rwlock_clock_function(pthread_rwlock_t *, clockid_t, const struct timespec *);

CUNWIND_NEXT(mutex_function, pthread_mutex_lock)
CUNWIND_NEXT(mutex_function, pthread_mutex_trylock)
CUNWIND_NEXT(mutex_timed_function, pthread_mutex_timedlock)
CUNWIND_NEXT(mutex_clock_function, pthread_mutex_clocklock)
CUNWIND_NEXT(mutex_function, pthread_mutex_unlock)
CUNWIND_NEXT(rwlock_function, pthread_rwlock_rdlock)
CUNWIND_NEXT(rwlock_function, pthread_rwlock_tryrdlock)
CUNWIND_NEXT(rwlock_timed_function, pthread_rwlock_timedrdlock)
CUNWIND_NEXT(rwlock_clock_function, pthread_rwlock_clockrdlock)
CUNWIND_NEXT(rwlock_function, pthread_rwlock_wrlock)
CUNWIND_NEXT(rwlock_function, pthread_rwlock_trywrlock)
CUNWIND_NEXT(rwlock_timed_function, pthread_rwlock_timedwrlock)
CUNWIND_NEXT(rwlock_clock_function, pthread_rwlock_clockwrlock)
CUNWIND_NEXT(rwlock_function, pthread_rwlock_unlock)

// A lock function: forwards, and counts a success. Each names its lock `lock`.
#define CUNWIND_COUNTED(name, kind, PARAMETERS, ARGUMENTS)                                           \
    CUNWIND_UNINSTRUMENTED __attribute__((visibility("default"))) int name PARAMETERS {                                     \
        int result = next_##name() ARGUMENTS;                                                        \
        if (__builtin_expect(result == 0, 1)) acquired(lock, __builtin_return_address(0), kind);    \
        return result;                                                                               \
    }

// An unlock function: forwards, and counts a success.
#define CUNWIND_RELEASING(name, type)                                                                \
    CUNWIND_UNINSTRUMENTED __attribute__((visibility("default"))) int name(type *lock) {                                    \
        int result = next_##name()(lock);                                                            \
        if (__builtin_expect(result == 0, 1)) released(lock);                                        \
        return result;                                                                               \
    }

#define MUTEX CUNWIND_LOCK_MUTEX
#define READ CUNWIND_LOCK_RWLOCK_READ
#define WRITE CUNWIND_LOCK_RWLOCK_WRITE
CUNWIND_COUNTED(pthread_mutex_lock, MUTEX, (pthread_mutex_t *lock), (lock))
CUNWIND_COUNTED(pthread_mutex_trylock, MUTEX, (pthread_mutex_t *lock), (lock))
CUNWIND_COUNTED(pthread_mutex_timedlock, MUTEX, (pthread_mutex_t *lock, const struct timespec *until), (lock, until))
CUNWIND_COUNTED(pthread_mutex_clocklock, MUTEX, (pthread_mutex_t *lock, clockid_t clock, const struct timespec *until), (lock, clock, until))
CUNWIND_RELEASING(pthread_mutex_unlock, pthread_mutex_t)
CUNWIND_COUNTED(pthread_rwlock_rdlock, READ, (pthread_rwlock_t *lock), (lock))
CUNWIND_COUNTED(pthread_rwlock_tryrdlock, READ, (pthread_rwlock_t *lock), (lock))
CUNWIND_COUNTED(pthread_rwlock_timedrdlock, READ, (pthread_rwlock_t *lock, const struct timespec *until), (lock, until))
CUNWIND_COUNTED(pthread_rwlock_clockrdlock, READ, (pthread_rwlock_t *lock, clockid_t clock, const struct timespec *until), (lock, clock, until))
CUNWIND_COUNTED(pthread_rwlock_wrlock, WRITE, (pthread_rwlock_t *lock), (lock))
CUNWIND_COUNTED(pthread_rwlock_trywrlock, WRITE, (pthread_rwlock_t *lock), (lock))
CUNWIND_COUNTED(pthread_rwlock_timedwrlock, WRITE, (pthread_rwlock_t *lock, const struct timespec *until), (lock, until))
CUNWIND_COUNTED(pthread_rwlock_clockwrlock, WRITE, (pthread_rwlock_t *lock, clockid_t clock, const struct timespec *until), (lock, clock, until))
CUNWIND_RELEASING(pthread_rwlock_unlock, pthread_rwlock_t)
#undef MUTEX
#undef READ
#undef WRITE


int32_t cunwind_locks_taken_in_skipped_frames(int32_t *first) {
    cunwind_catch_frame *frame = cunwind_landing_frame();
    if (frame == NULL) return 0;
    *first = frame->held_locks;
    return held_count - frame->held_locks;
}
