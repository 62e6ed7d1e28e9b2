// Everything an app needs from the panic path comes with `import Runtime`.
@_exported import Panic
