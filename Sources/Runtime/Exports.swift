// Everything an app needs from the panic path comes with `import PanicRuntime`.
@_exported import Panic
