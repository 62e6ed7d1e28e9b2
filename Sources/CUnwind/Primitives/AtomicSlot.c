#include "Primitives/AtomicSlot.h"

void *cunwind_take_pointer(void **slot) {
    return __atomic_exchange_n(slot, (void *)0, __ATOMIC_ACQ_REL);
}
