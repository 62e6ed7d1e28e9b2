import UsesPanicRuntime
import UsesToolchainRuntime

let message = caughtMessage() ?? "<nothing caught>"
let frames = try toolchainFrameCount()
print("PanicRuntime: \(message); toolchain Runtime: \(frames > 0 ? "frames captured" : "no frames")")
