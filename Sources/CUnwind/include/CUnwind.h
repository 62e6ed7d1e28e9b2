// CUnwind: the few things Swift cannot do for swift-panic.
//
// Storage and mechanism only; every decision (when to jump, what to print,
// when to abort) is made by the Swift modules Panic and PanicRuntime.
#ifndef CUNWIND_H
#define CUNWIND_H

#include "ThreadState.h"
#include "CatchFrame.h"
#include "ProcessAbort.h"
#include "StackOverflow.h"
#include "OSThreadName.h"
#include "BacktraceCapture.h"
#include "SwiftDemangle.h"
#include "TrapHandler.h"
#include "AtomicSlot.h"
#include "SkippedFrames.h"
#include "LoadedObjects.h"
#include "FutexLock.h"
#include "UnwindCleanup.h"
#include "RuntimeReportHook.h"
#include "StdoutSalvage.h"
#include "BrokenPipe.h"
#include "RuntimeAbort.h"
#include "JobThread.h"
#include "MainQueue.h"
#include "HookCache.h"
#include "AtomicWord.h"
#include "LibcShims.h"
#include "ObjectReferences.h"
#include "PanicObjectCache.h"
#include "ThreadObjects.h"
#include "StaleWords.h"

#endif
