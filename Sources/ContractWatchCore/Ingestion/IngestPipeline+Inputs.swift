import ContractAwards
import FPDS
import Foundation

extension IngestPipeline {
    /// A file to read and its size in bytes.
    package struct InputFile: Sendable, Hashable {
        package var path: String
        package var size: Int
    }

    /// The files an ingest reads, found from the paths a user named, and what was passed over.
    package struct InputListing: Sendable, Hashable {
        package var files: [InputFile] = []
        package var skipped: [SkippedInput] = []
    }

    /// Lists the files to read. Files named directly are kept even if hidden or of another
    /// format, so that an unsupported one gets a clear rejection. Directories are walked in
    /// sorted order, following symbolic links, and contribute the files whose extension marks a
    /// readable format; every other entry is listed as skipped with its reason.
    ///
    /// A directory reached again (a link to an ancestor, two links to one folder) is not walked
    /// twice, and a file reached by a second path is read once, under the path found first.
    package static func expand(_ paths: [String]) -> InputListing {
        let manager = FileManager.default
        var listing = InputListing()
        var walked: Set<String> = []
        var listed: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                listing.files.append(InputFile(path: path, size: 0))  // reported as unreadable
                continue
            }
            guard isDirectory.boolValue else {
                listed.insert(realPath(path))
                listing.files.append(InputFile(path: path, size: size(of: path)))
                continue
            }
            var found: [InputFile] = []
            walk(path, walked: &walked, listed: &listed, into: &found, skipped: &listing.skipped)
            listing.files += found.sorted { $0.path < $1.path }
        }
        return listing
    }

    private static func walk(
        _ directory: String, walked: inout Set<String>, listed: inout Set<String>, into files: inout [InputFile],
        skipped: inout [SkippedInput]
    ) {
        guard walked.insert(realPath(directory)).inserted else {
            skipped.append(SkippedInput(path: directory, reason: .alreadyWalked))
            return
        }
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else {
            skipped.append(SkippedInput(path: directory, reason: .unreadableDirectory))
            return
        }
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if name.hasPrefix(".") {
                skipped.append(SkippedInput(path: path, reason: .hidden))
                continue
            }
            // `fileExists` follows symbolic links: false here is a link to nothing.
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                skipped.append(SkippedInput(path: path, reason: .brokenLink))
                continue
            }
            if isDirectory.boolValue {
                walk(path, walked: &walked, listed: &listed, into: &files, skipped: &skipped)
                continue
            }
            let target = realPath(path)
            guard (try? manager.attributesOfItem(atPath: target))?[.type] as? FileAttributeType == .typeRegular else {
                skipped.append(SkippedInput(path: path, reason: .notARegularFile))
                continue
            }
            guard readsExtension(URL(fileURLWithPath: path)) else {
                skipped.append(SkippedInput(path: path, reason: .otherFormat))
                continue
            }
            guard listed.insert(target).inserted else {
                skipped.append(SkippedInput(path: path, reason: .alreadyListed))
                continue
            }
            files.append(InputFile(path: path, size: size(of: target)))
        }
    }

    /// Whether a directory walk picks up the file at `url`: XML files always; JSON and CSV files
    /// only when their first bytes are a format ingest reads, so that the other JSON and CSV files
    /// a download folder holds (indexes, manifests) are passed over.
    static func readsExtension(_ url: URL) -> Bool {
        switch url.pathExtension.lowercased() {
        case "xml", "atom":
            return true
        case "json", "csv":
            guard let handle = try? FileHandle(forReadingFrom: url) else { return true }  // reported when read
            defer { try? handle.close() }
            let prefix = (try? handle.read(upToCount: SourceFormat.detectionWindow)) ?? Data()
            return SourceFormat.detect(prefix) != nil
        default:
            return false
        }
    }

    /// The path with every symbolic link resolved: one name per file or folder.
    private static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// An entry of an ingested directory that was not read, and why.
package struct SkippedInput: Sendable, Hashable, CustomStringConvertible {
    /// Why a directory entry was not read.
    package enum Reason: String, Sendable, Hashable, CaseIterable {
        /// Its name begins with a dot.
        case hidden = "hidden"
        /// Not `.xml`/`.atom`, nor a `.json`/`.csv` file in a format ingest reads.
        case otherFormat = "not a format ingest reads"
        /// A symbolic link whose target does not exist.
        case brokenLink = "a symbolic link to nothing"
        /// A device, socket or pipe.
        case notARegularFile = "not a regular file"
        /// A folder already walked under another path: a link loop, or two links to one folder.
        case alreadyWalked = "a folder already read under another path"
        /// A file already listed under another path.
        case alreadyListed = "a file already read under another path"
        /// A folder whose entries cannot be listed.
        case unreadableDirectory = "a folder that cannot be read"
    }

    package var path: String
    package var reason: Reason

    /// The path escaped, as in rejections: a file name may hold any byte but `/` and NUL.
    package var description: String { "\(InputText.escaped(path)): \(reason.rawValue)" }
}
