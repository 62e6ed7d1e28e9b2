import PanicRuntime

/// The message of a panic caught by this project's `catchUnwind`.
public func caughtMessage() -> String? {
    setHook { _ in }
    defer { _ = takeHook() }
    guard case .failure(let panicked) = catchUnwind({ panic("caught by PanicRuntime") }) else { return nil }
    return panicked.message
}
