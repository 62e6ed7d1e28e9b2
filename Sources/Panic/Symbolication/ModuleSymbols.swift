import CLibdw

/// What an address resolves to inside one libdwfl module (an image of the
/// running process, or a file opened offline): the ELF symbol for the name,
/// DWARF line tables and inline scopes for `file:line:column`.
enum ModuleSymbols {
    /// The symbols at `address` (a lookup address: one byte before a return
    /// address) in `module`, innermost first. `units` caches each module's
    /// compile-unit index.
    static func symbols(at address: UInt, in module: OpaquePointer, units: inout [UInt: DwarfUnitIndex]) -> [Backtrace.Symbol] {
        let image = dwfl_module_info(module, nil, nil, nil, nil, nil, nil, nil).map { String(cString: $0) }

        var symbol = GElf_Sym()
        var offset: GElf_Off = 0
        let elfName = dwfl_module_addrinfo(module, GElf_Addr(address), &offset, &symbol, nil, nil, nil)
            .map { String(cString: $0) }

        var symbols: [Backtrace.Symbol] = []
        var unit = Dwarf_Die()
        var location: Location = (nil, 0, 0)
        let moduleKey = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(module)))
        if units[moduleKey] == nil { units[moduleKey] = DwarfUnitIndex(module: module) }
        let index = units[moduleKey]!
        let dwarfAddress = UInt64(address) &- index.bias
        if index.unit(containing: dwarfAddress, into: &unit) {
            // The line table's answer: where the innermost code is.
            location = lineTableLocation(&unit, dwarfAddress)
            for var scope in DwarfScopes.functions(in: &unit, at: dwarfAddress) {
                if dwarf_tag(&scope) == Int32(DW_TAG_subprogram) {
                    symbols.append(named(elfName ?? linkageName(&scope), image: image, location: location, inlined: false))
                    break
                }
                symbols.append(named(linkageName(&scope), image: image, location: location, inlined: true))
                // The enclosing function continues at this inlined call's site.
                location = callSite(&scope, unit: &unit)
            }
        }
        if symbols.isEmpty || symbols.last?.isInlined == true {
            symbols.append(named(elfName, image: image, location: location, inlined: false))
        }
        // The frame's own address (the return address) in the image's addresses.
        let place = ImageIdentity(module: module)
        let frameOffset = (address &+ 1) &- place.bias
        return symbols.map { $0.placed(offset: frameOffset, buildID: place.buildID) }
    }

    private typealias Location = (file: String?, line: Int, column: Int)

    /// The line table's row for `address`. A row of line 0 (code the
    /// compiler made, such as the call of a `modify` accessor's ramp in a
    /// debug build) gives the nearest earlier row with a line, within a few
    /// rows: the statement the code belongs to.
    private static func lineTableLocation(_ unit: UnsafeMutablePointer<Dwarf_Die>, _ address: UInt64) -> Location {
        var lookup = Dwarf_Addr(address)
        for _ in 0..<8 {
            guard let line = dwarf_getsrc_die(unit, lookup), let file = dwarf_linesrc(line, nil, nil) else {
                return (nil, 0, 0)
            }
            var number: Int32 = 0
            var column: Int32 = 0
            _ = dwarf_lineno(line, &number)
            _ = dwarf_linecol(line, &column)
            if number > 0 { return (absolute(String(cString: file), unit: unit), Int(number), Int(column)) }
            var rowAddress: Dwarf_Addr = 0
            guard dwarf_lineaddr(line, &rowAddress) == 0, rowAddress > 0, rowAddress <= lookup else { break }
            lookup = rowAddress - 1
        }
        return (nil, 0, 0)
    }

    private static func callSite(_ scope: UnsafeMutablePointer<Dwarf_Die>, unit: UnsafeMutablePointer<Dwarf_Die>) -> Location {
        func number(_ name: Int32) -> Int? {
            var attribute = Dwarf_Attribute()
            var value: Dwarf_Word = 0
            guard dwarf_attr(scope, UInt32(name), &attribute) != nil, dwarf_formudata(&attribute, &value) == 0 else { return nil }
            return Int(value)
        }
        var file: String?
        if let index = number(Int32(DW_AT_call_file)) {
            var files: OpaquePointer?
            var count = 0
            if dwarf_getsrcfiles(unit, &files, &count) == 0, index < count, let name = dwarf_filesrc(files, index, nil, nil) {
                file = absolute(String(cString: name), unit: unit)
            }
        }
        return (file, number(Int32(DW_AT_call_line)) ?? 0, number(Int32(DW_AT_call_column)) ?? 0)
    }

    /// A relative source path made absolute with the unit's compilation directory.
    private static func absolute(_ path: String, unit: UnsafeMutablePointer<Dwarf_Die>) -> String {
        guard !path.hasPrefix("/") else { return path }
        var attribute = Dwarf_Attribute()
        guard dwarf_attr(unit, UInt32(DW_AT_comp_dir), &attribute) != nil, let directory = dwarf_formstring(&attribute) else {
            return path
        }
        return String(cString: directory) + "/" + path
    }

    private static func linkageName(_ scope: UnsafeMutablePointer<Dwarf_Die>) -> String? {
        var attribute = Dwarf_Attribute()
        for name in [DW_AT_linkage_name, DW_AT_MIPS_linkage_name] {
            if dwarf_attr_integrate(scope, UInt32(name), &attribute) != nil, let text = dwarf_formstring(&attribute) {
                return String(cString: text)
            }
        }
        return dwarf_diename(scope).map { String(cString: $0) }
    }

    private static func named(_ mangled: String?, image: String?, location: Location, inlined: Bool) -> Backtrace.Symbol {
        let name = mangled.map { SwiftDemangle.demangle($0) ?? $0 } ?? "<unknown>"
        return Backtrace.Symbol(
            name: name, mangledName: mangled, image: image,
            file: location.file, line: location.line, column: location.column, isInlined: inlined
        )
    }

    static func unknown(image: String?) -> Backtrace.Symbol {
        Backtrace.Symbol(name: "<unknown>", mangledName: nil, image: image, file: nil, line: 0, column: 0, isInlined: false)
    }
}

extension Backtrace.Symbol {
    /// The symbol with its place in the image.
    func placed(offset: UInt, buildID: String?) -> Backtrace.Symbol {
        Backtrace.Symbol(
            name: name, mangledName: mangledName, image: image, file: file, line: line, column: column,
            isInlined: isInlined, imageOffset: offset, buildID: buildID
        )
    }
}
