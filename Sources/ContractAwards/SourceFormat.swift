package import Foundation

/// The public sources of contract actions that ContractWatch reads, named as they are stored.
package enum SourceFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// FPDS ATOM feed pages, archive files and bare records (read by `FPDSParser`).
    case fpdsXML = "fpds-xml"
    /// SAM.gov Contract Awards API responses and JSON extract files (read by ``SAMAwardsParser``).
    case samJSON = "sam-json"
    /// USAspending `Contracts_PrimeTransactions` downloads (read by ``USAspendingTransactionsParser``).
    case usaspendingCSV = "usaspending-csv"

    /// How many leading bytes ``detect(_:)`` looks at, at most.
    package static let detectionWindow = 64 * 1024

    /// Guesses a document's format from its first bytes, without parsing it.
    ///
    /// After an optional UTF-8 byte order mark and whitespace, `<` means XML (the FPDS parser then
    /// checks the root element) and `{` means JSON. Anything else is taken for a USAspending CSV
    /// file when its first line names the column `contract_transaction_unique_key` or
    /// `award_id_piid` (quoted or not; monthly delta files put other columns first).
    /// - Parameter data: The document, or at least its first ``detectionWindow`` bytes.
    /// - Returns: The format, or nil when the bytes look like none of them.
    package static func detect(_ data: Data) -> SourceFormat? {
        let prefix = data.prefix(detectionWindow)
        var index = prefix.startIndex
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }
        while index < prefix.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[index]) { index += 1 }
        guard index < prefix.endIndex else { return nil }
        switch prefix[index] {
        case UInt8(ascii: "<"): return .fpdsXML
        case UInt8(ascii: "{"): return .samJSON
        default:
            let lineEnd = prefix[index...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? prefix.endIndex
            let header = String(decoding: prefix[index..<lineEnd], as: UTF8.self)
            let names = ["contract_transaction_unique_key", "award_id_piid"]
            return names.contains(where: header.contains) ? .usaspendingCSV : nil
        }
    }
}
