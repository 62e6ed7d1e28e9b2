import Testing
import Panic

/// A frame no symbol names: its image, offset and build id.
func nameless(_ image: String, _ offset: UInt, buildID: String?) -> Backtrace.Symbol {
    Backtrace.Symbol(
        name: "<unknown>", mangledName: nil, image: image, file: nil, line: 0, column: 0, isInlined: false,
        imageOffset: offset, buildID: buildID
    )
}

@Suite("Frames without names: image+offset, build id once per image")
struct NamelessFrameFormatTests {
    let stack: [Backtrace.SymbolizedFrame] = [
        .init(address: 0x5555_5555_1a2b, symbols: [nameless("/srv/bin/app", 0x1a2b, buildID: "5f00aa")]),
        // The same return address twice (recursion): both shown.
        .init(address: 0x5555_5555_3000, symbols: [nameless("/srv/bin/app", 0x3000, buildID: "5f00aa")]),
        .init(address: 0x5555_5555_3000, symbols: [nameless("/srv/bin/app", 0x3000, buildID: "5f00aa")]),
        .init(address: 0x7fff_0000_0100, symbols: [nameless("/usr/lib/libfoo.so", 0x100, buildID: nil)]),
        .init(address: 0x7fff_1000_0200, symbols: [symbol("__libc_start_main")]),
        .init(address: 0x7fff_2000_0300, symbols: [nameless("/usr/lib/libbar.so.1", 0x300, buildID: "beef")]),
    ]

    @Test("short: every frame shown, none folded; a build id on an image's first frame only")
    func short() {
        let text = BacktraceFormatter(style: .short, color: false).format(stack)
        #expect(text == """
        stack backtrace:
           0: app+0x1a2b (build-id 5f00aa)
           1: app+0x3000
           2: app+0x3000
           3: libfoo.so+0x100
           4: __libc_start_main
           5: libbar.so.1+0x300 (build-id beef)
        note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace.

        """)
    }

    @Test("full: the address, then the place")
    func full() {
        let text = BacktraceFormatter(style: .full, color: false).format(stack)
        #expect(text.hasPrefix("""
        stack backtrace:
           0:     0x555555551a2b - app+0x1a2b (build-id 5f00aa)
           1:     0x555555553000 - app+0x3000

        """))
    }

    @Test("a name from the symbol table wins over the place")
    func namedFrame() {
        let named = Backtrace.Symbol(
            name: "App.main()", mangledName: "$s3App4mainyyF", image: "/srv/bin/app", file: nil, line: 0, column: 0,
            isInlined: false, imageOffset: 0x10, buildID: "5f00aa"
        )
        let text = BacktraceFormatter(style: .full, color: false).format([.init(address: 0x10, symbols: [named])])
        #expect(text == "stack backtrace:\n   0:               0x10 - App.main()\n")
    }
}
