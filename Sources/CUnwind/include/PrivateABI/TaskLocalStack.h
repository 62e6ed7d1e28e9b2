// The concurrency runtime's task-local binding stack (libswift_Concurrency's
// `swift_task_localValuePop`, which `TaskLocal.withValue` calls on its way
// out): the bindings pushed by frames a panic jumps over are popped, so the
// task (or the thread, outside a task) sees the values it had at the catch.
#ifndef CUNWIND_TASK_LOCAL_STACK_H
#define CUNWIND_TASK_LOCAL_STACK_H

#include <stdbool.h>

/// Pops `count` task-local bindings of the current task (or of the thread,
/// outside a task): what `count` skipped `withValue` frames would have
/// popped. Returns false when the runtime function is missing (nothing popped).
bool cunwind_task_local_pop(int count);

#endif
