#ifndef CUNWIND_JOB_DISPATCH_H
#define CUNWIND_JOB_DISPATCH_H

#include <stdbool.h>

// libdispatch's global queues, for a task executor that hands each job to
// the pool itself (PanicRuntime's catchUnwindAsync): `dispatch_async_f`
// takes a C function and a context, so a job costs no closure, no block
// and no carrier task. Looked up with dlsym, as MainQueue.h explains.

/// The function a dispatched job runs with: its argument is the job.
typedef void (*cunwind_job_function)(void *job);

/// Looks the two functions up once; false when libdispatch or one of them
/// is missing.
bool cunwind_job_dispatch_available(void);

/// Runs `run(job)` on the global queue of quality of service `qos` (one of
/// Dispatch's QOS_CLASS_* values). Only after
/// `cunwind_job_dispatch_available()` returned true.
void cunwind_job_dispatch(void *job, unsigned int qos, cunwind_job_function run);

#endif
