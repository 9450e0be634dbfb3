package import Foundation

/// Locates the real FPDS data the tests read: the samples shipped in `Samples/`, and the larger
/// shared corpus beside the checkout when it is present.
package enum TestData {
    /// The project root, found from this file's location.
    package static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Samples/` in the project.
    package static let samples = projectRoot.appendingPathComponent("Samples")

    /// `../shared/data` beside the checkout, when this machine has it (a user's clone does not).
    package static let sharedData: URL? = {
        let url = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// A file below `Samples/`.
    package static func sample(_ relativePath: String) -> URL {
        samples.appendingPathComponent(relativePath)
    }

    /// A file below `Tests/ContractAwardsTests/Fixtures/`: the SAM.gov and USAspending documents,
    /// kept out of `Samples/` because several of them are, on purpose, not ingestible.
    package static func awardFixture(_ relativePath: String) -> URL {
        projectRoot.appendingPathComponent("Tests/ContractAwardsTests/Fixtures").appendingPathComponent(relativePath)
    }

    /// Every `.xml` file below `directory`, sorted by path.
    package static func xmlFiles(under directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "xml" && !$0.path.contains("/reference/") }
            .sorted { $0.path < $1.path }
    }

    /// A new empty folder for one test's files, under the system's temporary folder.
    package static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("contractwatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The path of `url` relative to the project root, for readable test output.
    package static func relativePath(_ url: URL) -> String {
        let root = projectRoot.path + "/"
        return url.path.hasPrefix(root) ? String(url.path.dropFirst(root.count)) : url.path
    }
}
