import Testing
import Panic

/// A synthetic symbol: `mangled` decides trimming, `name` is what is printed.
func symbol(_ name: String, _ mangled: String? = nil, file: String? = nil, line: Int = 0, column: Int = 0, inlined: Bool = false) -> Backtrace.Symbol {
    Backtrace.Symbol(name: name, mangledName: mangled ?? name, image: "/bin/app", file: file, line: line, column: column, isInlined: inlined)
}

/// The stack of a panic as the default hook captures it, innermost first.
let panicStack: [Backtrace.SymbolizedFrame] = [
    .init(address: 0x1000, symbols: [symbol("cunwind_capture_backtrace")]),
    .init(address: 0x1010, symbols: [symbol("static Panic.Backtrace.capture() -> Panic.Backtrace", "$s5Panic9BacktraceV7captureACyFZ")]),
    .init(address: 0x1020, symbols: [symbol("Panic.defaultHook(Panic.PanicInfo) -> ()", "$s5Panic11defaultHookyyAA0A4InfoVF")]),
    .init(address: 0x1030, symbols: [symbol("static Panic.Panicking.begin(payload: Swift.Sendable, location: Panic.SourceLocation) -> Swift.Never", "$s5Panic9PanickingO5begin7payload8locationtyps8Sendable_p_AA14SourceLocationVtFZ")]),
    .init(address: 0x1040, symbols: [symbol("Panic.panic(_: @autoclosure () -> Swift.String, file: Swift.StaticString, line: Swift.UInt, column: Swift.UInt) -> Swift.Never", "$s5Panic5panic_4file4line6columns5NeverOSSyXK_s12StaticStringVS2utF")]),
    // A user frame with a function inlined into it.
    .init(address: 0x2000, symbols: [
        symbol("App.check(_: Swift.Int) -> ()", "$s3App5checkyySiF", file: "/src/App/Check.swift", line: 3, column: 9, inlined: true),
        symbol("App.Orders.find(id: Swift.Int) throws -> App.Order", "$s3App6OrdersV4find2idAA5OrderVSi_tKF", file: "/src/App/Orders.swift", line: 41, column: 13),
    ]),
    .init(address: 0x2100, symbols: [symbol("closure #1 () -> () in PanicRuntime.catchUnwind<A>(() -> A) -> Swift.Result<A, PanicRuntime.Panicked>", "$s12PanicRuntime11catchUnwindys6ResultOyxAA8PanickedVGxyXElFyyXEfU_")]),
    .init(address: 0x2200, symbols: [symbol("cunwind_catch", file: "/src/CatchFrame.c", line: 52, column: 9)]),
    .init(address: 0x2300, symbols: [symbol("PanicRuntime.catchUnwind<A>(() -> A) -> Swift.Result<A, PanicRuntime.Panicked>", "$s12PanicRuntime11catchUnwindys6ResultOyxAA8PanickedVGxyXElF", file: "/src/Runtime/CatchUnwind.swift", line: 18, column: 24)]),
    .init(address: 0x2400, symbols: [symbol("App.main() -> ()", "$s3App4mainyyF", file: "/src/App/main.swift", line: 12, column: 5)]),
    .init(address: 0x2500, symbols: [symbol("Panic.beginShortBacktrace<A>(() throws -> A) throws -> A", "$s5Panic19beginShortBacktraceyxxyKXEKlF")]),
    .init(address: 0x2600, symbols: [symbol("PanicRuntime.start(() throws -> ()) -> Swift.Never", "$s12PanicRuntime5startys5NeverOyyKXEF")]),
    .init(address: 0x2700, symbols: [symbol("__libc_start_main")]),
]

@Suite("Backtrace layout")
struct BacktraceFormatTests {
    @Test("short: from the caller of panic down to beginShortBacktrace, inlined frames numbered, plumbing folded")
    func shortLayout() {
        let text = BacktraceFormatter(style: .short, color: false).format(panicStack)
        #expect(text == """
        stack backtrace:
           0: App.check(_:)
                     at /src/App/Check.swift:3:9
           1: App.Orders.find(id:)
                     at /src/App/Orders.swift:41:13
              [... omitted 2 frames ...]
           2: PanicRuntime.catchUnwind<A>(_:)
                     at /src/Runtime/CatchUnwind.swift:18:24
           3: App.main()
                     at /src/App/main.swift:12:5
        note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace.

        """)
    }

    @Test("full: every frame with its address and full name")
    func fullLayout() {
        let text = BacktraceFormatter(style: .full, color: false).format(panicStack)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "stack backtrace:")
        #expect(lines[1] == "   0:             0x1000 - cunwind_capture_backtrace")
        #expect(text.contains("   5:             0x2000 - App.check(_: Swift.Int) -> ()\n" + String(repeating: " ", count: 31) + "at /src/App/Check.swift:3:9\n"))
        #expect(text.contains("   6:             0x2000 - App.Orders.find(id: Swift.Int) throws -> App.Order\n"))
        #expect(text.contains("  13:             0x2700 - __libc_start_main\n"))
        #expect(!text.contains("note:"))
        #expect(!text.contains("omitted"))
    }

    @Test("off prints nothing")
    func off() {
        #expect(BacktraceFormatter(style: .off, color: false).format(panicStack) == "")
    }

    @Test("without a panic entry, short starts below the capture; without a marker it runs to the end")
    func captureWithoutPanic() {
        let stack = Array(panicStack[0...1]) + Array(panicStack[5...5]) + [panicStack[12]]
        let text = BacktraceFormatter(style: .short, color: false).format(stack)
        #expect(text.hasPrefix("stack backtrace:\n   0: App.check(_:)\n"))
        #expect(text.contains("   2: __libc_start_main\n"))
    }

    @Test("colour marks names bold and locations cyan")
    func colour() {
        let text = BacktraceFormatter(style: .short, color: true).format(panicStack)
        #expect(text.contains("   3: \u{1B}[1mApp.main()\u{1B}[0m\n             at \u{1B}[36m/src/App/main.swift:12:5\u{1B}[0m\n"))
    }

    @Test("names from the binary are printed inert")
    func inertNames() {
        let stack: [Backtrace.SymbolizedFrame] = [.init(address: 1, symbols: [symbol("evil\u{1B}[2Jname")])]
        let text = BacktraceFormatter(style: .full, color: false).format(stack)
        #expect(text.contains("evil\\u{1B}[2Jname"))
    }

    @Test("short Swift names", arguments: [
        ("static App.Orders.find(id: Swift.Int) throws -> App.Order", "static App.Orders.find(id:)"),
        ("closure #1 () -> Swift.Int in App.main() -> ()", "closure #1 in App.main()"),
        ("closure #2 (Swift.Int) -> Swift.Bool in closure #1 () -> () in App.run(_: Swift.Int) -> ()", "closure #2 in closure #1 in App.run(_:)"),
        ("App.Box<A>.map<B>((A) throws -> B) rethrows -> App.Box<B>", "App.Box<A>.map<B>(_:)"),
        ("App.f(a: (Swift.Int, Swift.String), b: [Swift.Int : Swift.String]) async throws -> ()", "App.f(a:b:)"),
        ("App.S.subscript.getter : (Swift.Int) -> Swift.Int", "App.S.subscript.getter"),
        ("App.Config.port.getter : Swift.Int", "App.Config.port.getter"),
        ("closure #1 () -> () in variable initialization expression of App.table : [Swift.Int]", "closure #1 in variable initialization expression of App.table"),
        ("__libc_start_main@@GLIBC_2.34", "__libc_start_main@@GLIBC_2.34"),
        ("closure #1 () -> Swift.Int in panic_demo", "closure #1 in panic_demo"),
        ("unbalanced (", "unbalanced ("),
        ("function signature specialization <Arg[0] = Dead> of App.Tests.run() -> ()", "App.Tests.run()"),
        ("merged generic specialization <Swift.String> of function signature specialization <Arg[0] = Existential To Protocol Constrained Generic> of static App.P.begin(payload: Swift.Sendable) -> Swift.Never", "static App.P.begin(payload:)"),
        ("(1) suspend resume partial function for App.work() async -> ()", "(1) suspend resume partial function for App.work()"),
        ("closure #1 in closure #19 @Sendable () -> () in variable initialization expression of static App.Scenarios.all : [Swift.String : @Sendable () -> ()]", "closure #1 in closure #19 in variable initialization expression of static App.Scenarios.all"),
    ])
    func shortNames(full: String, short: String) {
        #expect(SwiftNameShortener.shorten(full) == short)
    }

    @Test("standard library symbols, and extensions of its types declared elsewhere", arguments: [
        ("$sSa15_checkSubscript_20wasNativeTypeCheckeds16_DependenceTokenVSi_SbtF", true),
        ("$sSayxSicig", true),
        ("$ss17_assertionFailure__4file4line5flagss5NeverOs12StaticStringV_A2HSus6UInt32VtF", true),
        ("$sSa3AppE5firstSiyF", false),
        ("$s3App4mainyyF", false),
        ("cunwind_catch", false),
    ])
    func standardLibrary(mangled: String, expected: Bool) {
        #expect(BacktraceTrimming.isStandardLibrarySymbol(mangled) == expected)
    }

    @Test("paths under the working directory print as ./relative")
    func relativePaths() {
        #expect(BacktraceFormatter.relativePath("/nowhere/x.swift") == "/nowhere/x.swift")
    }
}
