import CLibdw

/// Which compile unit of a module covers an address. libdw answers from a
/// `.debug_aranges` section, which C libraries have and Swift binaries do
/// not (elfutils 0.188 does not fall back to the units' own ranges); for
/// what it cannot place, the units' own ranges (`DW_AT_low_pc`/`DW_AT_high_pc`
/// or `DW_AT_ranges`, DWARF 4 and 5) are read lazily: units are visited in
/// order only until one holds the address, and the ranges seen are kept for
/// later lookups.
struct DwarfUnitIndex {
    private struct Span {
        let low: UInt64
        let high: UInt64
        let unitOffset: UInt64
    }

    /// The ranges of the units visited so far, and where the walk stopped.
    /// A module can have `.debug_aranges` for some units only: a Swift
    /// program linking C targets (SwiftNIO's) gets the C units' aranges and
    /// none for its Swift units, so an address libdw cannot place is looked
    /// up here too.
    private final class SpanTable {
        private let dwarf: OpaquePointer
        /// Sorted by `low`.
        private var spans: [Span] = []
        /// `highest[i]` is the largest `high` among `spans[0...i]`: a lookup
        /// stops going back once no earlier span can reach the address.
        private var highest: [UInt64] = []
        /// The offset of the next unit header to read; nil once all are read.
        private var next: Dwarf_Off? = 0

        init(_ dwarf: OpaquePointer) { self.dwarf = dwarf }

        /// The offset of the unit DIE whose ranges hold `address`, or nil.
        func unitOffset(containing address: UInt64) -> UInt64? {
            if let found = lookUp(address) { return found }
            // Visit the units not read yet, up to the first that holds it.
            var fresh: [Span] = []
            var found: UInt64?
            while found == nil, let offset = next {
                var following: Dwarf_Off = 0
                var headerSize = 0
                guard dwarf_nextcu(dwarf, offset, &following, &headerSize, nil, nil, nil) == 0 else {
                    next = nil
                    break
                }
                next = following
                let unitOffset = UInt64(offset) + UInt64(headerSize)
                var unit = Dwarf_Die()
                guard dwarf_offdie(dwarf, Dwarf_Off(unitOffset), &unit) != nil else { continue }
                var cursor = 0
                var base: Dwarf_Addr = 0, low: Dwarf_Addr = 0, high: Dwarf_Addr = 0
                while true {
                    cursor = dwarf_ranges(&unit, cursor, &base, &low, &high)
                    if cursor <= 0 { break }
                    guard high > low else { continue }
                    fresh.append(Span(low: UInt64(low), high: UInt64(high), unitOffset: unitOffset))
                    if address >= UInt64(low) && address < UInt64(high) { found = unitOffset }
                }
            }
            if !fresh.isEmpty { add(fresh) }
            return found
        }

        private func add(_ fresh: [Span]) {
            spans += fresh
            spans.sort { $0.low < $1.low }
            highest.removeAll(keepingCapacity: true)
            var reach: UInt64 = 0
            for span in spans {
                reach = max(reach, span.high)
                highest.append(reach)
            }
        }

        /// Among the spans read so far: the innermost (latest starting) one holding `address`.
        private func lookUp(_ address: UInt64) -> UInt64? {
            // The first span starting above the address.
            var lower = 0, upper = spans.count
            while lower < upper {
                let middle = (lower + upper) / 2
                if spans[middle].low <= address { lower = middle + 1 } else { upper = middle }
            }
            var index = lower - 1
            while index >= 0 && highest[index] > address {
                if address < spans[index].high { return spans[index].unitOffset }
                index -= 1
            }
            return nil
        }
    }

    private let dwarf: OpaquePointer?
    /// Bias between the addresses of the running process and of the DWARF.
    let bias: UInt64
    private let table: SpanTable?
    /// True when the module has `.debug_aranges` and libdw can answer.
    private let hasAranges: Bool

    init(module: OpaquePointer) {
        var bias: Dwarf_Addr = 0
        let dwarf = dwfl_module_getdwarf(module, &bias)
        self.dwarf = dwarf
        self.bias = UInt64(bias)
        var aranges: OpaquePointer?
        var arangeCount = 0
        hasAranges = dwarf != nil && dwarf_getaranges(dwarf, &aranges, &arangeCount) == 0 && arangeCount > 0
        table = dwarf.map(SpanTable.init)
    }

    /// The compile unit holding `address` (a DWARF address: process address
    /// minus ``bias``), written into `unit`.
    func unit(containing address: UInt64, into unit: inout Dwarf_Die) -> Bool {
        guard let dwarf, let table else { return false }
        if hasAranges && dwarf_addrdie(dwarf, Dwarf_Addr(address), &unit) != nil { return true }
        guard let offset = table.unitOffset(containing: address) else { return false }
        return dwarf_offdie(dwarf, Dwarf_Off(offset), &unit) != nil
    }
}
