import CLibdw

/// Which compile unit of a module covers an address. libdw answers from a
/// `.debug_aranges` section, which C libraries have and Swift binaries do
/// not (elfutils 0.188 does not fall back to the units' own ranges); for
/// what it cannot place, a table of the units' ranges is built here once per
/// module, sorted, and searched by halves.
struct DwarfUnitIndex {
    private struct Span {
        let low: UInt64
        let high: UInt64
        let unitOffset: UInt64
    }

    /// The units' own ranges, sorted, built on first use. A module can have
    /// `.debug_aranges` for some units only: a Swift program linking C
    /// targets (SwiftNIO's) gets the C units' aranges and none for its Swift
    /// units, so an address libdw cannot place is looked up here too.
    private final class SpanTable {
        private let dwarf: OpaquePointer
        init(_ dwarf: OpaquePointer) { self.dwarf = dwarf }

        lazy var spans: [Span] = {
            var spans: [Span] = []
            var offset: Dwarf_Off = 0
            var next: Dwarf_Off = 0
            var headerSize = 0
            while dwarf_nextcu(dwarf, offset, &next, &headerSize, nil, nil, nil) == 0 {
                var unit = Dwarf_Die()
                let unitOffset = offset + Dwarf_Off(headerSize)
                if dwarf_offdie(dwarf, unitOffset, &unit) != nil {
                    var cursor: Int = 0
                    var base: Dwarf_Addr = 0, low: Dwarf_Addr = 0, high: Dwarf_Addr = 0
                    while true {
                        cursor = dwarf_ranges(&unit, cursor, &base, &low, &high)
                        if cursor <= 0 { break }
                        if high > low { spans.append(Span(low: low, high: high, unitOffset: unitOffset)) }
                    }
                }
                offset = next
            }
            return spans.sorted { $0.low < $1.low }
        }()
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
        let spans = table.spans
        // The last span starting at or below the address.
        var lower = 0, upper = spans.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if spans[middle].low <= address { lower = middle + 1 } else { upper = middle }
        }
        var index = lower - 1
        // Spans may nest or overlap (rare); look back a little.
        while index >= 0 && index >= lower - 8 {
            let span = spans[index]
            if address >= span.low && address < span.high {
                return dwarf_offdie(dwarf, span.unitOffset, &unit) != nil
            }
            index -= 1
        }
        return false
    }
}
