// Relies on: `swift_task_localValuePop` (exported by libswift_Concurrency,
// the function the inlinable `TaskLocal.withValue` calls by that name).
// Checked: looked up at run time (a weak reference: a program that never
// loads the concurrency runtime has no bindings to pop). Fallback: without
// it, cunwind_task_local_pop says false and the survival check does not
// catch a panic that skipped a binding (SelfTest lists the item).
#include "PrivateABI/TaskLocalStack.h"
#include <stddef.h>

extern __attribute__((swiftcall, weak)) void swift_task_localValuePop(void);

bool cunwind_task_local_pop(int count) {
    if (count <= 0) return true;
    if (swift_task_localValuePop == NULL) return false;
    for (int index = 0; index < count; index++) swift_task_localValuePop();
    return true;
}
