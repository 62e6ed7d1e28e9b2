import CUnwind

// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// Which loaded images are the program's own code (its executable and the
/// libraries built with it) and which belong to the toolchain or the system,
/// whose functions the survival rule judges by name.
enum ProgramImages {
    /// The folder of the Swift runtime's libraries, from libswiftCore's path.
    private static let toolchainFolder: String? = {
        guard let core = LoadedObjectSymbols.library("libswiftCore.so", anchor: "swift_once") else { return nil }
        let path = core.path
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[...slash])
    }()

    /// True for the toolchain's libraries, the system's (/lib, /usr/lib),
    /// the vDSO, and an image nobody can name.
    static func isToolchainOrSystem(_ image: String?) -> Bool {
        guard let image, image.hasPrefix("/") else { return true }
        if let toolchainFolder, image.hasPrefix(toolchainFolder) { return true }
        for system in ["/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/libexec/"] where image.hasPrefix(system) {
            return true
        }
        return false
    }

    /// The last component of an image's path.
    static func fileName(_ image: String) -> String {
        image.split(separator: "/").last.map(String.init) ?? image
    }
}
#endif
