#ifndef CUNWIND_JOB_THREAD_H
#define CUNWIND_JOB_THREAD_H

#include <stdbool.h>

// What a task executor that runs Swift jobs inside catch frames needs
// from below Swift (PanicRuntime's catchUnwindAsync). A panic that jumps out
// of a job skips the Swift concurrency runtime's own restore of its
// thread-locals (the current task, the executor tracking record, which
// points into the abandoned stack); these put them back.

/// The concurrency runtime's thread-local storage of this thread, as it is
/// between jobs. Opaque; filled by `cunwind_job_thread_save`.
typedef struct cunwind_job_thread_state {
    void *task;
    void *block;
    unsigned long size;
    unsigned char saved[64];
} cunwind_job_thread_state;

/// Saves the concurrency runtime's thread-locals as they are now, before a
/// job runs nested in the current one. False when they cannot be found or
/// are larger than expected: then a panic must not jump out of the job.
bool cunwind_job_thread_save(cunwind_job_thread_state *state);

/// True when `cunwind_job_thread_save` can save this thread's state.
bool cunwind_job_thread_can_save(void);

/// Puts back what `cunwind_job_thread_save` saved on this thread, after a
/// panic jumped out of a job. True when the runtime then sees the task it
/// saw at the save (the restore worked).
bool cunwind_job_thread_restore(const cunwind_job_thread_state *state);

/// True when the code running now is isolated to a serial executor (an
/// actor, the main actor), false on a generic or task executor.
bool cunwind_job_on_serial_executor(void);

/// The job host running on this thread (PanicRuntime's catchUnwindAsync):
/// an opaque pointer set while it runs a job inside its catch frame, NULL
/// otherwise.
void *cunwind_job_thread_owner(void);
void cunwind_job_thread_set_owner(void *owner);

/// Asks the task executor to run the next job enqueued on it from this
/// thread at once, nested in the current job (catchUnwindAsync's first job
/// of its body): set before creating the task, taken by the enqueue.
void cunwind_job_thread_set_inline_start(bool inline_start);
/// True once after `cunwind_job_thread_set_inline_start(true)` on this thread.
bool cunwind_job_thread_take_inline_start(void);

/// How many jobs run nested on this thread's stack now (inline starts
/// inside inline starts): kept by the executor, read to bound the nesting.
unsigned cunwind_job_thread_inline_depth(void);
void cunwind_job_thread_set_inline_depth(unsigned depth);

#endif
