import Glibc
import PanicRuntime

/// Reads the SIGPIPE choice from `PANIC_CLI_SIGPIPE`: `ignore` (the
/// default), `terminate` or `inherit`.
enum SigPipeSetting {
    static func fromEnvironment() -> SigPipe {
        switch getenv("PANIC_CLI_SIGPIPE").map({ String(cString: $0) }) {
        case "terminate": .terminate
        case "inherit": .inherit
        default: .ignore
        }
    }
}
