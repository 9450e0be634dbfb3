import CZstd

/// Compresses the source documents kept verbatim with every version.
///
/// FPDS entries average ~18 KB of XML and compress about tenfold; storing them compressed keeps
/// ingest bound by parsing rather than by disk writes. Decompression restores the exact bytes.
package enum RawDocumentCodec {
    /// The `raw_encoding` value of documents this codec wrote.
    package static let encoding = "zstd"

    /// Level 1, zstd's fastest: ~6x on FPDS XML, and compression runs once per stored version.
    private static let level: Int32 = 1

    /// The UTF-8 bytes of `text` as one zstd frame.
    package static func compress(_ text: String) -> [UInt8] {
        var source = text
        return source.withUTF8 { input in
            let capacity = ZSTD_compressBound(input.count)
            return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
                let written = ZSTD_compress(output.baseAddress, capacity, input.baseAddress, input.count, level)
                // Compression into a buffer of compressBound bytes cannot fail; keep the
                // check so a broken library never yields a silently empty document.
                count = ZSTD_isError(written) == 0 ? written : 0
            }
        }
    }

    /// - Throws: `StorageError.corruptDocument` if the bytes are not a complete zstd frame.
    /// The text of one zstd frame written by ``compress(_:)``.
    package static func decompress(_ bytes: [UInt8]) throws -> String {
        let size = bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 30 else {
            throw StorageError.corruptDocument
        }
        var failed = false
        let text = String(unsafeUninitializedCapacity: Int(size)) { output in
            let read = bytes.withUnsafeBytes { input in
                ZSTD_decompress(output.baseAddress, Int(size), input.baseAddress, input.count)
            }
            failed = ZSTD_isError(read) != 0 || read != Int(size)
            return failed ? 0 : read
        }
        if failed { throw StorageError.corruptDocument }
        return text
    }
}

/// Storage failures that carry meaning beyond the driver's own errors.
package enum StorageError: Error, CustomStringConvertible {
    /// A stored source document does not decompress: the database file is damaged.
    case corruptDocument
    /// A webhook row names a body format this build does not know (a newer ContractWatch wrote it).
    case unknownWebhookFormat(webhookID: Int64, format: String)

    package var description: String {
        switch self {
        case .corruptDocument: "a stored source document is damaged (it does not decompress)"
        case .unknownWebhookFormat(let id, let format):
            "webhook \(id) asks for the body format '\(format)', which this ContractWatch does not know"
        }
    }
}
