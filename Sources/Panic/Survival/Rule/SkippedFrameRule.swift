import CLibdw
import CUnwind

// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// The rule's verdict on every frame a panic would skip: understood, or the
/// first one that is not. A panic from a place seen before is judged by the
/// frame-pointer walk against the verdicts recorded per return address
/// (CUnwind's FrameWalk); a new place takes the exact walk (libunwind), the
/// symbolizer's names and inline scopes, and records what it learns.
enum SkippedFrameRule {
    enum Verdict: Equatable {
        /// Every skipped frame is understood; pop this many task-local
        /// bindings after the jump.
        case understood(taskLocalPops: Int)
        /// Not safe: the report's note.
        case uncatchable(note: String)
    }

    /// Judges the frames between the panic and the innermost catch frame.
    static func judge() -> Verdict {
        let walked = cunwind_walk_understood_frames()
        if walked >= 0 { return .understood(taskLocalPops: Int(walked)) }
        return judgeExactly()
    }

    @inline(never)
    private static func judgeExactly() -> Verdict {
        var low: UInt = 0, high: UInt = 0
        guard cunwind_skipped_stack(&low, &high) else { return .understood(taskLocalPops: 0) }
        let capacity = min(Int(Int32.max), Int((high - low) / 16) + 256)
        var addresses = [UInt](repeating: 0, count: capacity)
        let count = Int(addresses.withUnsafeMutableBufferPointer { cunwind_skipped_return_addresses($0.baseAddress, Int32(capacity)) })
        guard count >= 0 else {
            return .uncatchable(note: "note: the frames the panic would skip could not be walked (a frame without unwind information, or libunwind missing); it cannot be caught")
        }
        // The walk starts here: the frames of the panic path itself (the
        // hook, this check) lie below the entry's caller, whose return
        // address the entry's frame record holds.
        let entryReturn = cunwind_panic_entry_return()
        guard let first = addresses.prefix(count).firstIndex(of: entryReturn), entryReturn != 0 else {
            return .uncatchable(note: "note: the frames the panic would skip could not be told from the panic path's own; it cannot be caught")
        }
        guard clibdw_load() else {
            return .uncatchable(note: "note: the frames the panic would skip could not be checked: \(String(cString: clibdw_library_name())) (elfutils' libdw) is not loaded; it cannot be caught")
        }
        let skipped = Array(addresses[first..<count])
        guard let facts = Symbolizer.shared.frameFacts(skipped) else {
            return .uncatchable(note: "note: the frames the panic would skip could not be named (the symbolizer stayed busy); it cannot be caught")
        }
        var pops = 0
        // Every frame is judged; the note names the outermost that is not
        // understood: the call the program made (`sort(by:)`, not its helper).
        var outermost: String?
        // Library frames inside every frame of the program's own code, below
        // a failure function (a precondition that failed in `removeLast`, a
        // runtime failure in `swift_unownedRetainStrong`): they failed their
        // own check before running any of the caller's code.
        var walk = FrameJudgement.Walk()
        for (index, address) in skipped.enumerated() {
            let known = facts[index]
            var judged = FrameJudgement.judge(known.symbols, address: address, walk: &walk)
            if case .understoodIfCalledByPackage(let taskLocalPops, let what) = judged {
                judged = callerIsPackageOwn(after: index, in: facts) ? .understood(taskLocalPops: taskLocalPops) : .notUnderstood(what: what)
            }
            switch judged {
            case .notUnderstood(let what): outermost = what
            case .understood(let taskLocalPops):
                pops += taskLocalPops
                if !walk.reliedOnFailure { record(address, taskLocalPops: taskLocalPops, keepsFramePointer: known.keepsFramePointer) }
            case .understoodIfCalledByPackage: break
            }
        }
        if let outermost { return .uncatchable(note: "note: the panic would skip \(outermost); it cannot be caught") }
        return .understood(taskLocalPops: pops)
    }

    /// True when the first function outside frame `index` that is not a
    /// thunk belongs to the package.
    private static func callerIsPackageOwn(after index: Int, in facts: [(symbols: [Backtrace.Symbol], keepsFramePointer: Bool)]) -> Bool {
        for next in facts[(index + 1)...] {
            for symbol in next.symbols {
                if let mangled = symbol.mangledName, FunctionName.isThunk(mangled: mangled, demangled: symbol.name) { continue }
                return FrameJudgement.isPackageOwn(symbol)
            }
        }
        return false
    }

    /// Records an understood return address for the frame-pointer walk.
    private static func record(_ address: UInt, taskLocalPops: Int, keepsFramePointer: Bool) {
        guard taskLocalPops < 256 else { return }
        var verdict = CUNWIND_FRAME_UNDERSTOOD | UInt32(taskLocalPops) << CUNWIND_FRAME_TASK_LOCAL_SHIFT
        if keepsFramePointer { verdict |= CUNWIND_FRAME_KEEPS_FRAME_POINTER }
        cunwind_frame_verdict_store(address, verdict)
    }
}
#endif
