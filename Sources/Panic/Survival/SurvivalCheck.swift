import CUnwind

// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// Decides, before a panic jumps to its catch frame, whether the program
/// is safe to go on afterwards (the rule of docs/GUARANTEES.md, "Surviving a
/// caught panic"):
///
/// - the exclusive accesses the jump leaves unfinished are put aside; an
///   unfinished *modification* of a global or a class property may leave
///   its value torn (Dictionary's `_modify` moves the value out and writes
///   it back in a cleanup the jump skips), so it makes the panic uncatchable;
/// - the return addresses in the skipped stack are checked against
///   ``HazardousFunctions``: a running once-initializer, libdispatch or the
///   loader lock make it uncatchable; frames of `print` and friends are
///   repaired by giving stdout's lock back; a job run between the panic
///   and a synchronous frame says the frame belongs to another task.
///
/// Cost when nothing is found: one scan of the skipped stack's words against
/// a few ranges (no unwinding); libswiftCore's symbol table is read (once)
/// only when a word lies in its code, and the exact walk with libunwind runs
/// only when the scan finds a candidate.
enum SurvivalCheck {
    /// What the jump would leave behind.
    enum Verdict {
        /// Safe to land; `stdoutLocks` is how many times stdout's lock must
        /// be given back first, `taskLocalPops` how many task-local bindings
        /// the skipped frames pushed (popped after their cleanups).
        case land(stdoutLocks: Int, taskLocalPops: Int = 0)
        /// Not safe: the process must end, with this line after the report.
        case uncatchable(note: String)
        /// The frame is not this panic's: a job of another task started
        /// after it opened (a synchronous frame records no task). The panic
        /// is uncaught, as if there were no frame.
        case anotherTasksFrame
    }

    /// Examines the frames between here and the innermost catch frame. Must
    /// be called on the panicking thread, with a catch frame to land in.
    @inline(never)
    static func examine() -> Verdict {
        // A lock the skipped frames took and still hold, whatever the lock.
        if let note = HeldLockCheck.note() { return .uncatchable(note: note) }
        let verdict = examineHazards()
        // The rule, for a synchronous frame: every skipped function understood.
        // (A job frame's skipped frames are the concurrency runtime's and the
        // task's own, checked when its panic started.)
        guard case .land(let stdoutLocks, _) = verdict, !cunwind_landing_frame_is_job_frame() else { return verdict }
        switch SkippedFrameRule.judge() {
        case .understood(let pops): return .land(stdoutLocks: stdoutLocks, taskLocalPops: pops)
        case .uncatchable(let note): return .uncatchable(note: note)
        }
    }

    /// The named hazards: interrupted modifications, once, Dispatch, the
    /// loader lock, stdout's lock, another task's job.
    @inline(__always)
    private static func examineHazards() -> Verdict {
        // First against the coarse ranges; libswiftCore's symbol table is
        // read only when a word lies in its code. Once read, directly
        // against the precise ones. The accesses are put aside and the scan
        // made in one call; no reference or buffer is taken unless the scan
        // flags a word.
        let (firstSet, resolved) = HazardousFunctions.firstScanSet
        let found = Int(cunwind_survey_skipped_stack(firstSet))
        if found < 0 { return .uncatchable(note: interruptedModificationNote(cunwind_survey_first_modified())) }
        if found == 0 { return .land(stdoutLocks: 0) }
        return examineFlagged(found, hazards: resolved ? HazardousFunctions.shared : HazardousFunctions.coarse)
    }

    /// ``examine()`` once the survey has flagged `found` words against `hazards`.
    @inline(never)
    private static func examineFlagged(_ found: Int, hazards: HazardousFunctions) -> Verdict {
        let capacity = Int(CUNWIND_SURVEY_CAPACITY)
        var found = found, hazards = hazards
        let words = UnsafeBufferPointer(start: cunwind_survey_words(), count: capacity)
        if found > capacity || words.prefix(found).contains(where: { hazards.kind(of: $0 &- 1) == .swiftCore }) {
            hazards = HazardousFunctions.shared
            found = Int(cunwind_survey_rescan(hazards.scanSet))
            if found == 0 { return .land(stdoutLocks: 0) }
        }
        let verdict = decide(candidates: UnsafeBufferPointer(rebasing: words.prefix(min(found, capacity))),
                             overflowed: found > capacity, hazards: hazards)
        // Landing: the flagged words are erased right before the jump
        // (CUnwind's StaleWords), so that a stale one does not send every
        // later panic from this place through the walk again.
        if case .land = verdict {
            cunwind_survey_keep_stale(Int32(min(found, capacity)))
        }
        return verdict
    }

    /// The verdict once the scan has flagged `candidates` (`overflowed`
    /// when it found more than it kept).
    private static func decide(candidates: UnsafeBufferPointer<UInt>, overflowed: Bool, hazards: HazardousFunctions) -> Verdict {
        // The usual false alarm: a stale return address into `print` left in
        // a live frame by an earlier call. It is stale when this thread does
        // not hold stdout's lock at all.
        if !overflowed,
           candidates.allSatisfy({ hazards.kind(of: $0 &- 1) == .stdoutLock }),
           !cunwind_stdout_held_by_current_thread() {
            return .land(stdoutLocks: 0)
        }
        // A job frame's task was checked when the panic started: the job
        // it runs is the usual find in its skipped frames.
        if !overflowed, cunwind_landing_frame_is_job_frame(),
           candidates.allSatisfy({ hazards.kind(of: $0 &- 1) == .jobOfAnotherTask }) {
            return .land(stdoutLocks: 0)
        }
        return classify(hazards)
    }

    /// The exact answer, from the return addresses libunwind finds; when it
    /// cannot walk to the catch frame (a frame without unwind tables), from
    /// every candidate word of the scan (conservative: a stale word may end
    /// the process). Deep stacks are where stale words are likely, so the
    /// walk is given room for every frame the skipped stack can hold (a frame
    /// takes at least 16 bytes: its return address and saved frame pointer).
    private static func classify(_ hazards: HazardousFunctions) -> Verdict {
        var low: UInt = 0, high: UInt = 0
        guard cunwind_skipped_stack(&low, &high) else { return .land(stdoutLocks: 0) }
        let capacity = min(Int(Int32.max), Int((high - low) / 16) + 256)
        var addresses = [UInt](repeating: 0, count: capacity)
        var count = Int(addresses.withUnsafeMutableBufferPointer { cunwind_skipped_return_addresses($0.baseAddress, Int32(capacity)) })
        if count < 0 {
            count = Int(addresses.withUnsafeMutableBufferPointer {
                cunwind_scan_stack_words(low, high, hazards.scanSet, $0.baseAddress, nil, Int32(capacity))
            })
            count = min(count, capacity)
        }
        // `print` and `debugPrint` show as two adjacent frames (the public
        // function and the `_print` it calls) for one hold of the lock: a run
        // of adjacent stdout frames is one hold.
        var stdoutLocks = 0
        var previousLockedStdout = false
        let isJobFrame = cunwind_landing_frame_is_job_frame()
        for address in addresses.prefix(count) {
            // A return address points after its call: look one byte earlier.
            var kind = hazards.kind(of: address &- 1)
            // The coarse ranges cannot tell libswiftCore's functions apart.
            if kind == .swiftCore { kind = HazardousFunctions.shared.kind(of: address &- 1) }
            if let note = kind?.uncatchableNote { return .uncatchable(note: note) }
            if kind == .jobOfAnotherTask && !isJobFrame { return .anotherTasksFrame }
            let locksStdout = kind == .stdoutLock
            if locksStdout && !previousLockedStdout { stdoutLocks += 1 }
            previousLockedStdout = locksStdout
        }
        return .land(stdoutLocks: stdoutLocks)
    }

    /// The line for an unfinished modification, naming the variable when the
    /// dynamic symbol table knows it.
    private static func interruptedModificationNote(_ address: UnsafeRawPointer?) -> String {
        var what = "a global variable or class property"
        if let address {
            if let symbol = cunwind_exported_symbol_at(address) {
                let mangled = String(cString: symbol)
                what = "`\(SwiftDemangle.demangle(mangled) ?? mangled)`"
            } else {
                what += " at 0x\(String(UInt(bitPattern: address), radix: 16))"
            }
        }
        return "note: the panic interrupted a modification of \(what), which may be left torn; it cannot be caught"
    }
}
#endif
