import CUnwind

// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// Address ranges of functions in the objects loaded into this process,
/// looked up by name: the dynamic symbol table through `dlsym`, and the
/// full ELF symbol table (`.symtab`, read from the object's file) for local
/// functions that `dlsym` cannot see, such as the Swift runtime's
/// `swift::threading_impl::once_slow`.
enum LoadedObjectSymbols {
    /// The loaded object that defines the exported symbol `anchor`: its file
    /// and the address it is loaded at.
    struct Object {
        let path: String
        let base: UInt
    }

    /// The loaded library `library` (a soname), found through its exported
    /// symbol `anchor`; nil when it is not loaded.
    static func library(_ library: String, anchor: String) -> Object? {
        guard let address = cunwind_library_symbol(library, anchor) else { return nil }
        return object(containing: address)
    }

    /// The object `address` lies in.
    static func object(containing address: UnsafeRawPointer) -> Object? {
        var path: UnsafePointer<CChar>? = nil
        var base: UInt = 0
        guard cunwind_object_containing(address, &path, &base), let path else { return nil }
        return Object(path: String(cString: path), base: base)
    }

    /// The range of the function `name` exported by the loaded library
    /// `library`: its address and its symbol's size from the dynamic symbol table.
    static func exportedFunction(_ name: String, in library: String) -> Range<UInt>? {
        var start: UInt = 0, end: UInt = 0
        return cunwind_library_function_range(library, name, &start, &end) ? start ..< end : nil
    }

    /// The executable segment of `object` as mapped (its `PT_LOAD` with `PF_X`),
    /// read from the ELF header at its base address.
    static func textSegment(of object: Object) -> Range<UInt>? {
        guard let base = UnsafeRawPointer(bitPattern: object.base) else { return nil }
        let header = base.loadUnaligned(as: Elf64_Ehdr.self)
        guard header.e_ident.0 == 0x7F, header.e_ident.1 == UInt8(ascii: "E"), header.e_phentsize == MemoryLayout<Elf64_Phdr>.size else { return nil }
        for index in 0..<Int(header.e_phnum) {
            let entry = base.loadUnaligned(fromByteOffset: Int(header.e_phoff) + index * MemoryLayout<Elf64_Phdr>.size, as: Elf64_Phdr.self)
            if entry.p_type == UInt32(PT_LOAD), entry.p_flags & UInt32(PF_X) != 0 {
                let start = object.base + UInt(entry.p_vaddr)
                return start ..< start + UInt(entry.p_memsz)
            }
        }
        return nil
    }

    /// The ranges of the functions named in `names` (exact ELF names), from
    /// the `.symtab` section of `object`'s file. Names it does not hold (a
    /// stripped file) are missing from the result.
    static func localFunctions(_ names: Set<String>, in object: Object) -> [String: Range<UInt>] {
        let fd = cunwind_open_read(object.path)
        guard fd >= 0 else { return [:] }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_size > MemoryLayout<Elf64_Ehdr>.size else { return [:] }
        let length = Int(status.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), !cunwind_mmap_failed(mapped) else { return [:] }
        defer { munmap(mapped, length) }
        let file = UnsafeRawBufferPointer(start: mapped, count: length)
        return symbols(names, in: file, base: object.base)
    }

    /// The symbol-table walk of ``localFunctions(_:in:)``, on the file's bytes.
    /// Every offset is checked against the file's size: a truncated or odd
    /// file gives fewer names, never a fault.
    static func symbols(_ names: Set<String>, in file: UnsafeRawBufferPointer, base: UInt) -> [String: Range<UInt>] {
        func load<T>(_ type: T.Type, at offset: Int) -> T? {
            guard offset >= 0, offset <= file.count - MemoryLayout<T>.size else { return nil }
            return file.loadUnaligned(fromByteOffset: offset, as: T.self)
        }
        guard let header = load(Elf64_Ehdr.self, at: 0), header.e_ident.0 == 0x7F, header.e_ident.4 == UInt8(ELFCLASS64),
              header.e_shentsize == MemoryLayout<Elf64_Shdr>.size else { return [:] }
        let sections = (0..<Int(header.e_shnum)).compactMap {
            load(Elf64_Shdr.self, at: Int(header.e_shoff) + $0 * MemoryLayout<Elf64_Shdr>.size)
        }
        guard let table = sections.first(where: { $0.sh_type == UInt32(SHT_SYMTAB) }),
              Int(table.sh_link) < sections.count else { return [:] }
        let strings = sections[Int(table.sh_link)]
        let wanted = Dictionary(grouping: names, by: \.utf8.count)
        var found: [String: Range<UInt>] = [:]
        let count = Int(table.sh_size) / MemoryLayout<Elf64_Sym>.size
        for index in 0..<count {
            guard let symbol = load(Elf64_Sym.self, at: Int(table.sh_offset) + index * MemoryLayout<Elf64_Sym>.size) else { break }
            guard symbol.st_value != 0, symbol.st_size != 0, symbol.st_info & 0xF == UInt8(STT_FUNC) else { continue }
            let nameStart = Int(strings.sh_offset) + Int(symbol.st_name)
            guard nameStart < file.count else { continue }
            // The name's length, bounded by the file.
            let end = nameStart + strnlen(file.baseAddress!.advanced(by: nameStart).assumingMemoryBound(to: CChar.self), file.count - nameStart)
            guard let candidates = wanted[end - nameStart] else { continue }
            let name = String(decoding: file[nameStart ..< end], as: UTF8.self)
            if candidates.contains(name) {
                let start = base + UInt(symbol.st_value)
                found[name] = start ..< start + UInt(symbol.st_size)
                if found.count == names.count { break }
            }
        }
        return found
    }
}
#endif
