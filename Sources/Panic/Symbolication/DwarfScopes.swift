import CLibdw

/// The functions whose code holds an address: the subprogram and the
/// inlined calls nested in it, innermost first.
///
/// Written here rather than taken from libdw's `dwarf_getscopes`, which
/// (elfutils 0.188) does not look inside DIEs that have no address range,
/// and Swift puts every function inside such a DIE, `DW_TAG_module`.
/// Nor does it look inside a function whose range misses the address, and
/// Swift nests the DIE of a closure (or a local function) inside the DIE of
/// the function that declares it, while its code lies elsewhere: a closure
/// that `makeHandler()` returns is not within `makeHandler`'s range.
enum DwarfScopes {
    static func functions(in unit: inout Dwarf_Die, at pc: Dwarf_Addr) -> [Dwarf_Die] {
        var chain: [Dwarf_Die] = []
        _ = search(children: &unit, pc: pc, into: &chain, depth: 0)
        return chain.reversed()
    }

    /// Looks through the children of `parent` for the one holding `pc`;
    /// returns true when found (and appends the functions on the way).
    private static func search(children parent: inout Dwarf_Die, pc: Dwarf_Addr, into chain: inout [Dwarf_Die], depth: Int) -> Bool {
        guard depth < 64 else { return false }
        var child = Dwarf_Die()
        guard dwarf_child(&parent, &child) == 0 else { return false }
        while true {
            if hasAddresses(&child) {
                if dwarf_haspc(&child, pc) == 1 {
                    let tag = dwarf_tag(&child)
                    if tag == Int32(DW_TAG_subprogram) || tag == Int32(DW_TAG_inlined_subroutine) {
                        chain.append(child)
                    }
                    // Nested blocks and inlined calls may hold it more narrowly.
                    _ = search(children: &child, pc: pc, into: &chain, depth: depth + 1)
                    return true
                }
            } else if dwarf_haschildren(&child) == 1 && isContainer(dwarf_tag(&child)) {
                if search(children: &child, pc: pc, into: &chain, depth: depth + 1) { return true }
            }
            if dwarf_tag(&child) == Int32(DW_TAG_subprogram) && dwarf_haschildren(&child) == 1 && hasAddresses(&child) {
                // Not in this function, but perhaps in a closure it declares.
                if searchNested(in: &child, pc: pc, into: &chain, depth: depth + 1) { return true }
            }
            var next = Dwarf_Die()
            guard dwarf_siblingof(&child, &next) == 0 else { return false }
            child = next
        }
    }

    private static func hasAddresses(_ die: inout Dwarf_Die) -> Bool {
        dwarf_hasattr(&die, UInt32(DW_AT_low_pc)) == 1 || dwarf_hasattr(&die, UInt32(DW_AT_ranges)) == 1
    }

    /// Looks through the functions declared in the function `parent` (its
    /// closures and local functions: Swift makes them direct children of
    /// their declaring function's DIE, blocks or not), and theirs, for the
    /// one holding `pc`. Other children (parameters, blocks, inlined calls)
    /// are not entered: they lie within `parent`'s range, which misses `pc`.
    private static func searchNested(in parent: inout Dwarf_Die, pc: Dwarf_Addr, into chain: inout [Dwarf_Die], depth: Int) -> Bool {
        guard depth < 64 else { return false }
        var child = Dwarf_Die()
        guard dwarf_child(&parent, &child) == 0 else { return false }
        while true {
            if dwarf_tag(&child) == Int32(DW_TAG_subprogram) && hasAddresses(&child) {
                if dwarf_haspc(&child, pc) == 1 {
                    chain.append(child)
                    _ = search(children: &child, pc: pc, into: &chain, depth: depth + 1)
                    return true
                }
                if dwarf_haschildren(&child) == 1, searchNested(in: &child, pc: pc, into: &chain, depth: depth + 1) { return true }
            }
            var next = Dwarf_Die()
            guard dwarf_siblingof(&child, &next) == 0 else { return false }
            child = next
        }
    }

    /// DIEs without addresses that may own functions with addresses.
    private static func isContainer(_ tag: Int32) -> Bool {
        switch tag {
        case Int32(DW_TAG_module), Int32(DW_TAG_namespace), Int32(DW_TAG_structure_type),
             Int32(DW_TAG_class_type), Int32(DW_TAG_union_type), Int32(DW_TAG_enumeration_type):
            return true
        default:
            return false
        }
    }
}
