// A library unloaded and another loaded at the same address (issue 13.8):
// backtraces must name the second one, not what the caches kept of the first.
// Run by Tests/ProcessTests/ReloadTests.swift.
import Glibc
import PanicRuntime

/// The innermost symbol's name and image file for a function's address.
func symbolAt(_ function: UnsafeMutableRawPointer) -> String {
    // +1: the symbolizer reads addresses as return addresses, one byte past the call.
    let symbol = Backtrace(addresses: [UInt(bitPattern: function) + 1]).symbolized().first?.symbols.last
    return "\(symbol?.name ?? "nil") in \(symbol?.image.map { String($0.split(separator: "/").last ?? "") } ?? "nil")"
}

/// Loads `path` and returns its handle and the address of its function `name`.
func load(_ path: String, _ name: String) -> (UnsafeMutableRawPointer, UnsafeMutableRawPointer)? {
    guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
        say("dlopen failed: \(String(cString: dlerror()))")
        return nil
    }
    guard let function = dlsym(library, name) else {
        say("no \(name)")
        return nil
    }
    return (library, function)
}

/// A trap caught, its message and location: the trap path's symbol lookups after the module list changed.
@inline(never) func caughtTrap() -> String {
    let numbers = [1, 2, 3]
    let index = numbers.count + Int(getpid() & 0)
    switch catchUnwind({ numbers[index] }) {
    case .success: return "not caught"
    case .failure(let caught): return "\(caught.message ?? "nil") at \(caught.location)"
    }
}

enum ReloadScenarios {
    static let all: [String: @Sendable () -> Void] = [
        // LIB_A defines alpha_function, LIB_B beta_function, at the same offset.
        "symbols-after-reload": {
            TrapInterception.enable()
            setHook { _ in }
            say("warm-up: \(Backtrace.capture().symbolized().count) frames")
            // libdw reads libswiftCore now; the first trap comes after the module list is read again.
            if let retain = dlsym(nil, "swift_retain") { say("warm-up: \(symbolAt(retain))") }
            guard let a = environment("LIB_A"), let b = environment("LIB_B"), let (first, alpha) = load(a, "alpha_function") else { return }
            say("first: \(symbolAt(alpha))")
            // The module list was read again for alpha: libraries read before keep their places.
            for name in ["qsort", "swift_retain"] {
                if let function = dlsym(nil, name) { say("after a load: \(symbolAt(function))") }
            }
            if panicStrategy == .unwind { say("trap: \(caughtTrap())") }
            dlclose(first)
            guard let (second, beta) = load(b, "beta_function") else { return }
            say("same address: \(alpha == beta)")
            say("second: \(symbolAt(beta))")
            if panicStrategy == .unwind { say("trap: \(caughtTrap())") }
            dlclose(second)
        },
    ]
}
