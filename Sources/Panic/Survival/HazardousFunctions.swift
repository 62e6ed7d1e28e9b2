import CUnwind

// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// The code a panic must not jump out of, as address ranges of this
/// process, each with its kind: resolved once, on the first panic that has
/// a catch frame to land in (``coarse``), and the libswiftCore functions
/// only when that panic's skipped stack holds an address in libswiftCore
/// (``shared``: reading its symbol table costs milliseconds).
///
/// - `swift::threading_impl::once_slow` (libswiftCore's `.symtab`):
///   `swift_once` tail-calls it, so it is the frame that runs initializers;
/// - all of libdispatch's code;
/// - `dl_iterate_phdr` (libc, dynamic symbol);
/// - the three libswiftCore functions that lock stdout around `description`:
///   `print`'s and `debugPrint`'s shared body, `_print` and `dump`;
/// - the concurrency runtime's functions that run a job (dynamic symbols of
///   libswift_Concurrency): every job runs under one of them.
final class HazardousFunctions: @unchecked Sendable {
    /// Sorted, non-overlapping `[start, end)` pairs.
    let bounds: [UInt]
    /// The same ranges, prepared for the C stack scan (nil when there are
    /// none); created once, never written again nor freed, hence
    /// `@unchecked Sendable`.
    let scanSet: OpaquePointer?
    /// How many ranges there are.
    let count: Int
    /// The kind of each range in `bounds`.
    let kinds: [SkippedFrameKind]
    /// What could not be resolved (a stripped libswiftCore, say).
    let unresolved: [String]

    private init(bounds: [UInt], kinds: [SkippedFrameKind], unresolved: [String]) {
        self.bounds = bounds
        self.scanSet = bounds.withUnsafeBufferPointer { cunwind_function_set_create($0.baseAddress, Int32(kinds.count)) }
        self.count = kinds.count
        self.kinds = kinds
        self.unresolved = unresolved
    }

    /// The precise ranges: libswiftCore's functions from its symbol table.
    static let shared: HazardousFunctions = {
        let resolved = HazardousFunctions.resolve(precise: true)
        // Unretained: the global keeps it for the life of the process.
        sharedWord.store(Int(bitPattern: Unmanaged.passUnretained(resolved).toOpaque()), ordering: .releasing)
        return resolved
    }()

    /// The set a panic's scan starts with, read without taking a reference
    /// (the survival check's path when the scan finds nothing): ``shared``'s
    /// once it is resolved (`resolved`), else ``coarse``'s. ``shared`` is
    /// read from a C word, without the global's once-check at every panic.
    static var firstScanSet: (set: OpaquePointer?, resolved: Bool) {
        guard let resolved = UnsafeRawPointer(bitPattern: sharedWord.load(ordering: .acquiring)) else {
            return (coarse.scanSet, false)
        }
        return (Unmanaged<HazardousFunctions>.fromOpaque(resolved)._withUnsafeGuaranteedRef { $0.scanSet }, true)
    }
    private static var sharedWord: PanicWord<Int> { PanicWord(Int32(CUNWIND_WORD_RESOLVED_HAZARDS)) }
    /// The ranges known without reading a symbol table: libswiftCore's whole
    /// code as ``SkippedFrameKind/swiftCore``, libdispatch, `dl_iterate_phdr`.
    /// A stack with no word in any of them needs no closer look.
    static let coarse = HazardousFunctions.resolve(precise: false)

    static let onceSlowPath = "_ZN5swift14threading_impl9once_slowERNS0_6once_tEPFvPvES3_"
    static let stdoutLockers = [
        "$ss5print_9separator10terminatoryypd_S2StFTm",
        "$ss6_print_9separator10terminator2toySayypG_S2Sxzts16TextOutputStreamRzlFs7_StdoutV_Tg5Tm",
        "$ss4dump_4name6indent8maxDepth0D5Itemsxx_SSSgS3itlF",
    ]

    /// libswift_Concurrency's exported functions that run a job on the
    /// calling thread (each calls the runtime's one job-running function,
    /// which calls the task's code).
    static let jobRunners = [
        "swift_job_run", "swift_job_run_on_task_executor", "swift_job_run_on_serial_and_task_executor", "swift_task_immediate",
    ]

    /// The kind of the function `address` lies in, if it is one of these.
    /// (Look return addresses up one byte earlier, inside their call.)
    func kind(of address: UInt) -> SkippedFrameKind? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if address < bounds[2 * middle] { high = middle }
            else if address >= bounds[2 * middle + 1] { low = middle + 1 }
            else { return kinds[middle] }
        }
        return nil
    }

    private static func resolve(precise: Bool) -> HazardousFunctions {
        // Plain arrays, no array of `Range`s: the first panic would pay for
        // the generic metadata (a search of every conformance for `Comparable`).
        var starts: [UInt] = [], ends: [UInt] = [], found: [SkippedFrameKind] = []
        func add(_ range: Range<UInt>, _ kind: SkippedFrameKind) {
            starts.append(range.lowerBound)
            ends.append(range.upperBound)
            found.append(kind)
        }
        var unresolved: [String] = []
        if let core = LoadedObjectSymbols.library("libswiftCore.so", anchor: "swift_once") {
            if !precise {
                if let text = LoadedObjectSymbols.textSegment(of: core) {
                    add(text, .swiftCore)
                } else {
                    unresolved.append("libswiftCore")
                }
            } else {
                let symbols = LoadedObjectSymbols.localFunctions(Set([onceSlowPath] + stdoutLockers), in: core)
                for name in [onceSlowPath] + stdoutLockers {
                    if let range = symbols[name] {
                        add(range, name == onceSlowPath ? .onceInitializer : .stdoutLock)
                    } else {
                        unresolved.append(name)
                    }
                }
            }
        } else {
            unresolved.append("libswiftCore")
        }
        if let dispatch = LoadedObjectSymbols.library("libdispatch.so", anchor: "dispatch_sync_f"), let text = LoadedObjectSymbols.textSegment(of: dispatch) {
            add(text, .dispatch)
        } else {
            unresolved.append("libdispatch")
        }
        for name in jobRunners {
            if let runner = LoadedObjectSymbols.exportedFunction(name, in: "libswift_Concurrency.so") {
                add(runner, .jobOfAnotherTask)
            } else {
                unresolved.append(name)
            }
        }
        if let loader = LoadedObjectSymbols.exportedFunction("dl_iterate_phdr", in: "libc.so.6") {
            add(loader, .loaderLock)
        } else {
            unresolved.append("dl_iterate_phdr")
        }
        // Sorted by start; overlaps (none expected) dropped: the first range keeps its place.
        var bounds: [UInt] = [], kinds: [SkippedFrameKind] = []
        for index in starts.indices.sorted(by: { starts[$0] < starts[$1] }) where bounds.last.map({ starts[index] >= $0 }) ?? true {
            bounds += [starts[index], ends[index]]
            kinds.append(found[index])
        }
        return HazardousFunctions(bounds: bounds, kinds: kinds, unresolved: unresolved)
    }
}
#endif
