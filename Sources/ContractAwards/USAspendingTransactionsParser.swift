package import Foundation

/// Reads USAspending contract-transaction downloads (`Contracts_PrimeTransactions_*.csv`, and the
/// monthly delta files that add `correction_delete_ind` and `agency_id` in front), one row at a
/// time.
///
/// Columns are found by header name, never by position, so files with more, fewer or reordered
/// columns read alike; only `contract_transaction_unique_key`, `award_id_piid` and
/// `modification_number` are required. A bad row is reported on its own and the others still come
/// through; a quoted field that never closes stops the file there. See <doc:ColumnMapping> for
/// the column mapping.
package struct USAspendingTransactionsParser: AwardDocumentParser {
    /// The columns without which no row can be identified.
    package static let requiredColumns = ["contract_transaction_unique_key", "award_id_piid", "modification_number"]

    /// Columns left out of ``AwardEntry/canonicalContent``: award-level figures and values that
    /// USAspending derives from other systems (File C accounts, outlays, the recipient profile,
    /// current congressional districts, SAM executive compensation, its own permalink). They
    /// change without the FPDS transaction changing, so hashing them would invent versions.
    /// `recipient_name` and `recipient_parent_name` (USAspending's recipient-profile names) are
    /// left out only when the file also has their `_raw` columns, which hold FPDS's names.
    package static let columnsExcludedFromContent: Set<String> = [
        "total_outlayed_amount_for_overall_award", "disaster_emergency_fund_codes_for_overall_award",
        "outlayed_amount_from_COVID-19_supplementals_for_overall_award",
        "obligated_amount_from_COVID-19_supplementals_for_overall_award",
        "outlayed_amount_from_IIJA_supplemental_for_overall_award",
        "obligated_amount_from_IIJA_supplemental_for_overall_award",
        "treasury_accounts_funding_this_award", "federal_accounts_funding_this_award",
        "object_classes_funding_this_award", "program_activities_funding_this_award",
        "prime_award_base_transaction_description",
        "prime_award_transaction_recipient_cd_current", "prime_award_transaction_place_of_performance_cd_current",
        "highly_compensated_officer_1_name", "highly_compensated_officer_1_amount",
        "highly_compensated_officer_2_name", "highly_compensated_officer_2_amount",
        "highly_compensated_officer_3_name", "highly_compensated_officer_3_amount",
        "highly_compensated_officer_4_name", "highly_compensated_officer_4_amount",
        "highly_compensated_officer_5_name", "highly_compensated_officer_5_amount",
        "usaspending_permalink",
    ]

    /// A parser; it holds no state, so one can serve every file.
    package init() {}

    /// Parses a file held in memory.
    /// - Parameters:
    ///   - bytes: The file (UTF-8 CSV with a header row).
    ///   - file: How errors name the file.
    ///   - body: Called once per row after the header, in file order.
    /// - Returns: The record count and any file-level error.
    package func parse(
        _ bytes: some ContiguousBytes,
        file: String,
        body: (Result<AwardEntry, AwardParseError>) -> Void
    ) -> AwardDocumentSummary {
        bytes.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var reader = CSVReader(bytes: buffer)
            var summary = AwardDocumentSummary(format: .usaspendingCSV)
            var readingHeader = true
            do throws(CSVReader.UnterminatedQuote) {
                guard let header = try reader.nextRow() else {
                    summary.error = .unsupportedDocument(file: file, reason: "the file is empty (no header row)")
                    return summary
                }
                readingHeader = false
                let columns = USAspendingColumns(header.fields)
                let missing = Self.requiredColumns.filter { columns.index[$0] == nil }
                guard missing.isEmpty else {
                    summary.error = .missingColumns(file: file, columns: missing)
                    return summary
                }
                while let row = try reader.nextRow() {
                    summary.recordCount += 1
                    let raw = String(decoding: UnsafeBufferPointer(rebasing: buffer[row.range]), as: UTF8.self)
                    let mapper = USAspendingRowMapper(
                        columns: columns, row: row, file: file, ordinal: summary.recordCount)
                    body(mapper.entry(rawDocument: raw))
                }
            } catch {
                summary.error = .malformedCSV(
                    file: file, record: readingHeader ? nil : summary.recordCount + 1, line: error.line,
                    reason: "a quoted field opened on line \(error.line) is never closed")
            }
            return summary
        }
    }

}

/// A header row: each column name's position (the first, if a name repeats), and the order in
/// which the content columns enter the canonical form.
struct USAspendingColumns: Sendable {
    let names: [String]
    let index: [String: Int]
    /// The content columns' positions, sorted by the UTF-8 bytes of their names, each with the
    /// `<length>:<name>` prefix it is written with.
    let contentOrder: [(position: Int, prefix: [UInt8])]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil {
            index[name] = position
        }
        self.index = index
        var excluded = USAspendingTransactionsParser.columnsExcludedFromContent
        for name in ["recipient_name", "recipient_parent_name"] where index[name + "_raw"] != nil {
            excluded.insert(name)
        }
        contentOrder = names.enumerated()
            .filter { position, name in !excluded.contains(name) && index[name] == position }
            .sorted { $0.element.utf8.lexicographicallyPrecedes($1.element.utf8) }
            .map { position, name in (position, Array("\(name.utf8.count):\(name)".utf8)) }
    }
}
