import Glibc
import Panic

/// Finds the file to resolve an image's frames with, by build id first,
/// then by name; each file is opened once.
final class ImageFiles {
    private let given: [OfflineImage]
    private let debugDirectories: [String]
    private var found: [String: OfflineImage?] = [:]
    private var opened: [String: OfflineImage] = [:]
    /// What could not be found, said once per image (printed to stderr by the caller).
    private(set) var warnings: [String] = []
    private var warned: Set<String> = []

    /// Records `warning` unless it was recorded already.
    func warn(_ warning: String) {
        if warned.insert(warning).inserted { warnings.append(warning) }
    }

    init(given: [OfflineImage], debugDirectories: [String]) {
        self.given = given
        self.debugDirectories = debugDirectories
    }

    /// The file for the image the report calls `image`, with build id `buildID` when it printed one.
    func file(image: String, buildID: String?) -> OfflineImage? {
        let key = image + "\u{0}" + (buildID ?? "")
        if let known = found[key] { return known }
        let file = search(image: image, buildID: buildID)
        found[key] = file
        return file
    }

    private func search(image: String, buildID: String?) -> OfflineImage? {
        if let buildID {
            if let file = given.first(where: { $0.buildID == buildID }) { return file }
            for directory in debugDirectories {
                let path = Self.buildIDPath(buildID, under: directory)
                if let file = open(path) { return file }
            }
        }
        let named = given.filter { Self.baseName($0.path) == image || Self.baseName($0.path) == image + ".debug" }
        if let file = named.first(where: { buildID == nil || $0.buildID == nil }) { return file }
        if let other = named.first, let buildID {
            warn("\(other.path) is another build of \(image) (build id \(other.buildID ?? "none"), the report's \(buildID)): not used")
        } else {
            let id = buildID.map { " (build-id \($0))" } ?? ""
            let where_ = buildID.map { id in debugDirectories.map { Self.buildIDPath(id, under: $0) }.joined(separator: ", ") }
            warn("no file for image \(image)\(id): pass the binary or --debug-file\(where_.map { ", or install \($0)" } ?? "")")
        }
        return nil
    }

    /// `DIR/.build-id/5f/3a….debug`, the layout of debuginfod and distribution debug packages.
    static func buildIDPath(_ buildID: String, under directory: String) -> String {
        "\(directory)/.build-id/\(buildID.prefix(2))/\(buildID.dropFirst(2)).debug"
    }

    private func open(_ path: String) -> OfflineImage? {
        if let file = opened[path] { return file }
        guard access(path, R_OK) == 0, let file = try? OfflineImage(path: path, debugDirectories: debugDirectories) else { return nil }
        opened[path] = file
        return file
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
