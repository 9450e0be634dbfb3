import ContractAwards
package import Foundation

extension WatchlistDocument {
    /// The CSV columns of `watchlist import`/`export`; several values in a cell are separated by `|`.
    /// Relations need JSON: CSV carries entries, their names, identifiers and reasons.
    package static let csvColumns = [
        "id", "kind", "name", "aliases", "uei", "cage", "duns", "country", "threshold", "codes", "query", "reasons",
        "citations",
    ]

    /// The list as CSV rows, header first.
    package static func csv(_ list: Watchlist) -> [String] {
        let rows = list.entries.map { entry -> [String?] in
            [
                entry.id, entry.kind.rawValue, entry.name, join(entry.aliases), join(entry.identifiers.uei),
                join(entry.identifiers.cage), join(entry.identifiers.duns), entry.country,
                entry.threshold.map { String($0) }, join(entry.codes), entry.query, join(entry.reasons.map(\.text)),
                join(entry.reasons.map { $0.citation ?? "" }),
            ]
        }
        return [csvColumns.joined(separator: ",")] + rows.map { $0.map(CSV.field).joined(separator: ",") }
    }

    /// Reads entries from CSV with a header naming some of ``csvColumns`` (`id` and `name` required;
    /// `kind` defaults to `vendor`).
    /// - Throws: ``WatchlistError`` naming the file, the line and the problem.
    package static func entries(csv data: Data, file: String) throws -> [WatchlistEntry] {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> [WatchlistEntry] in
            var reader = CSVReader(bytes: raw.bindMemory(to: UInt8.self))
            func fail(_ line: Int, _ problem: String) -> WatchlistError {
                .unreadable(file: file, problem: "line \(line): \(problem)")
            }
            do {
                guard let header = try reader.nextRow() else { throw fail(1, "the file is empty") }
                let columns = Dictionary(
                    header.fields.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }
                ) { first, _ in first }
                for required in ["id", "name"] where columns[required] == nil {
                    throw fail(
                        header.line,
                        "the header has no \"\(required)\" column (columns: \(csvColumns.joined(separator: ",")))")
                }
                var entries: [WatchlistEntry] = []
                while let row = try reader.nextRow() {
                    func value(_ column: String) -> String? {
                        guard let index = columns[column], index < row.fields.count else { return nil }
                        let text = row.fields[index].trimmingCharacters(in: .whitespaces)
                        return text.isEmpty ? nil : text
                    }
                    func list(_ column: String) -> [String] {
                        value(column)?.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
                    }
                    let kindText = value("kind") ?? "vendor"
                    guard let kind = WatchlistEntry.Kind(rawValue: kindText) else {
                        throw fail(
                            row.line,
                            "kind \"\(kindText)\" is not one of \(WatchlistEntry.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    var threshold: Double?
                    if let text = value("threshold") {
                        guard let number = Double(text) else {
                            throw fail(row.line, "threshold \"\(text)\" is not a number")
                        }
                        threshold = number
                    }
                    let citations = list("citations")
                    let reasons = list("reasons").enumerated().map { index, text in
                        WatchlistEntry.Reason(
                            text: text,
                            citation: index < citations.count && !citations[index].isEmpty ? citations[index] : nil)
                    }
                    let entry = WatchlistEntry(
                        id: value("id") ?? "", kind: kind, name: value("name") ?? "", aliases: list("aliases"),
                        identifiers: VendorIdentifiers(uei: list("uei"), cage: list("cage"), duns: list("duns")),
                        country: value("country"), threshold: threshold, reasons: reasons, codes: list("codes"),
                        query: value("query"))
                    do {
                        try entry.validate()
                    } catch {
                        throw fail(row.line, "\(error)")
                    }
                    entries.append(entry)
                }
                return entries
            } catch let error as CSVReader.UnterminatedQuote {
                throw fail(error.rowLine, "a quoted field opened here never closes")
            }
        }
    }

    private static func join(_ values: [String]) -> String? {
        values.isEmpty ? nil : values.joined(separator: "|")
    }
}
