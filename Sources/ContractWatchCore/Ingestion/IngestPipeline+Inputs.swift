import ContractAwards
import FPDS
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// twice, and a file reached by a second path (a link, or a second hard link) is read once,
    /// under the path found first. Each entry costs one `stat(2)`: a corpus of a hundred thousand
    /// files is listed in a second or two, before any of it can be parsed.
    package static func expand(_ paths: [String]) -> InputListing {
        var listing = InputListing()
        var walked: Set<FileStatus.Identity> = []
        var listed: Set<FileStatus.Identity> = []
        for path in paths {
            guard let status = FileStatus(path) else {
                listing.files.append(InputFile(path: path, size: 0))  // reported as unreadable
                continue
            }
            guard status.isDirectory else {
                listed.insert(status.identity)
                listing.files.append(InputFile(path: path, size: status.size))
                continue
            }
            var found: [InputFile] = []
            walk(path, status, walked: &walked, listed: &listed, into: &found, skipped: &listing.skipped)
            listing.files += found.sorted { $0.path < $1.path }
        }
        return listing
    }

    private static func walk(
        _ directory: String, _ status: FileStatus, walked: inout Set<FileStatus.Identity>,
        listed: inout Set<FileStatus.Identity>, into files: inout [InputFile], skipped: inout [SkippedInput]
    ) {
        guard walked.insert(status.identity).inserted else {
            skipped.append(SkippedInput(path: directory, reason: .alreadyWalked))
            return
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            skipped.append(SkippedInput(path: directory, reason: .unreadableDirectory))
            return
        }
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if name.hasPrefix(".") {
                skipped.append(SkippedInput(path: path, reason: .hidden))
                continue
            }
            // `stat` follows symbolic links: it finds nothing at a link to nothing.
            guard let entry = FileStatus(path) else {
                skipped.append(SkippedInput(path: path, reason: .brokenLink))
                continue
            }
            if entry.isDirectory {
                walk(path, entry, walked: &walked, listed: &listed, into: &files, skipped: &skipped)
                continue
            }
            guard entry.isRegular else {
                skipped.append(SkippedInput(path: path, reason: .notARegularFile))
                continue
            }
            guard readsExtension(name, at: path) else {
                skipped.append(SkippedInput(path: path, reason: .otherFormat))
                continue
            }
            guard listed.insert(entry.identity).inserted else {
                skipped.append(SkippedInput(path: path, reason: .alreadyListed))
                continue
            }
            files.append(InputFile(path: path, size: entry.size))
        }
    }

    /// Whether a directory walk picks up the file named `name` at `path`: XML files always; JSON
    /// and CSV files only when their first bytes are a format ingest reads, so that the other JSON
    /// and CSV files a download folder holds (indexes, manifests) are passed over.
    static func readsExtension(_ name: String, at path: String) -> Bool {
        // The extension from the name itself: `URL(fileURLWithPath:)` would ask the file system
        // whether the path is a folder, once more per file.
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        switch name[name.index(after: dot)...].lowercased() {
        case "xml", "atom":
            return true
        case "json", "csv":
            guard let handle = FileHandle(forReadingAtPath: path) else { return true }  // reported when read
            defer { try? handle.close() }
            let prefix = (try? handle.read(upToCount: SourceFormat.detectionWindow)) ?? Data()
            return SourceFormat.detect(prefix) != nil
        default:
            return false
        }
    }
}

/// What `stat(2)` says of a path, following symbolic links.
private struct FileStatus {
    /// A file or folder whatever path reaches it: its device and inode.
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var identity: Identity
    var isDirectory: Bool
    var isRegular: Bool
    var size: Int

    /// Nil when nothing is there (or a link leads nowhere), or it cannot be examined.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        isRegular = info.st_mode & S_IFMT == S_IFREG
        size = Int(info.st_size)
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
