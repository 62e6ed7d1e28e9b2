// CUnwind: the few things Swift cannot do for swift-panic.
//
// Storage and mechanism only; every decision (when to jump, what to print,
// when to abort) is made by the Swift modules Panic and PanicRuntime.
#ifndef CUNWIND_H
#define CUNWIND_H

#include "ThreadState/ThreadState.h"
#include "CatchFrames/CatchFrame.h"
#include "ProcessEnd/ProcessAbort.h"
#include "Signals/StackOverflow.h"
#include "ThreadState/OSThreadName.h"
#include "Loader/BacktraceCapture.h"
#include "PrivateABI/SwiftDemangle.h"
#include "Signals/TrapHandler.h"
#include "Primitives/AtomicSlot.h"
#include "SurvivalScan/SkippedFrames.h"
#include "Loader/LoadedObjects.h"
#include "Primitives/FutexLock.h"
#include "CatchFrames/UnwindCleanup.h"
#include "PrivateABI/RuntimeReportHook.h"
#include "ProcessEnd/StdoutSalvage.h"
#include "Signals/BrokenPipe.h"
#include "Signals/RuntimeAbort.h"
#include "Async/JobThread.h"
#include "Async/MainQueue.h"
#include "Async/JobDispatch.h"
#include "ThreadState/HookCache.h"
#include "Primitives/AtomicWord.h"
#include "Primitives/LibcShims.h"
#include "Primitives/ObjectReferences.h"
#include "ThreadState/PanicObjectCache.h"
#include "ThreadState/ThreadObjects.h"
#include "SurvivalScan/StaleWords.h"
#include "SurvivalScan/FrameWalk.h"
#include "LockTracking/HeldLocks.h"
#include "PrivateABI/TaskLocalStack.h"

#endif
