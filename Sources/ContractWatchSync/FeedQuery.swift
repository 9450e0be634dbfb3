import Foundation

/// A query on the FPDS ATOM feed: terms `FIELD:"value"` and `FIELD:[from,to]`, all of which
/// must hold. The same query drives the SAM.gov Contract Awards API through GSA's field
/// crosswalk (``samParameters()``), so a user writes one query language for both sources.
package struct FeedQuery: Sendable, Hashable, CustomStringConvertible {
    /// One condition.
    package struct Term: Sendable, Hashable {
        package var field: String
        package var value: Value
    }

    /// A term's value.
    package enum Value: Sendable, Hashable {
        case text(String)
        /// Either end may be open (nil).
        case range(from: String?, to: String?)
    }

    package private(set) var terms: [Term]

    /// The query that matches everything the other terms allow: none.
    package init() { terms = [] }

    /// Reads a query as a user writes it on the command line, e.g.
    /// `PIID:"70CMSD24P00000009" AGENCY_CODE:"7012"` or `LAST_MOD_DATE:[2026/11/01,2026/11/02]`.
    /// A value without quotes runs to the next `FIELD:` or the end.
    /// - Throws: ``SyncError/badQuery(_:)`` naming the term and what is wrong with it.
    package init(parsing text: String) throws(SyncError) {
        terms = []
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        while !rest.isEmpty {
            guard let colon = rest.firstIndex(of: ":") else {
                throw .badQuery("“\(rest)” is not a FIELD:value term")
            }
            let field = String(rest[..<colon]).uppercased()
            rest = rest[rest.index(after: colon)...]
            let value: Value
            if rest.first == "\"" {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: "\"") else {
                    throw .badQuery("the value of \(field) has no closing quote")
                }
                value = .text(String(body[..<close]))
                rest = body[body.index(after: close)...]
            } else if rest.first == "[" || rest.first == "(" {
                guard let close = rest.firstIndex(where: { $0 == "]" || $0 == ")" }) else {
                    throw .badQuery("the range of \(field) is not closed with ] or )")
                }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                let ends = inside.split(separator: ",", omittingEmptySubsequences: false)
                guard ends.count == 2 else { throw .badQuery("the range of \(field) needs two ends: [from,to]") }
                func end(_ text: Substring) -> String? {
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    return trimmed.isEmpty ? nil : trimmed
                }
                value = .range(from: end(ends[0]), to: end(ends[1]))
                rest = rest[rest.index(after: close)...]
            } else {
                // Unquoted: up to the next " FIELD:" (the feed accepted `DEPARTMENT_NAME:GENERAL SERVICES …`).
                var end = rest.endIndex
                var index = rest.startIndex
                while index < rest.endIndex {
                    if rest[index] == " ", let next = rest[index...].dropFirst().firstIndex(of: ":"),
                        rest[rest.index(after: index)..<next].allSatisfy({ $0.isUppercase || $0 == "_" }),
                        rest.index(after: index) < next
                    {
                        end = index
                        break
                    }
                    index = rest.index(after: index)
                }
                value = .text(String(rest[..<end]).trimmingCharacters(in: .whitespaces))
                rest = rest[end...]
            }
            try add(Term(field: field, value: value))
            rest = rest.drop(while: { $0 == " " })
        }
    }

    /// This query with one more term.
    /// - Throws: ``SyncError/badQuery(_:)`` for an unknown field or a value of the wrong shape.
    package func and(_ field: String, _ value: Value) throws(SyncError) -> FeedQuery {
        var query = self
        try query.add(Term(field: field, value: value))
        return query
    }

    /// This query restricted to records last modified on the days of `window`.
    package func lastModified(_ window: ClosedRange<SyncDay>) -> FeedQuery {
        var query = self
        query.terms.removeAll { $0.field == "LAST_MOD_DATE" }
        query.terms.append(
            Term(field: "LAST_MOD_DATE", value: .range(from: window.lowerBound.fpds, to: window.upperBound.fpds)))
        return query
    }

    /// Whether the query already names a last-modified range (then it is synced whole, not by day).
    package var hasLastModifiedRange: Bool { terms.contains { $0.field == "LAST_MOD_DATE" } }

    /// The `q` parameter: `PIID:"X" LAST_MOD_DATE:[2026/11/01,2026/11/01]`.
    package var description: String {
        terms.map { term in
            switch term.value {
            case .text(let text): "\(term.field):\"\(text)\""
            case .range(let from, let to):
                "\(term.field):\(from == nil ? "(" : "[")\(from ?? ""),\(to ?? "")\(to == nil ? ")" : "]")"
            }
        }.joined(separator: " ")
    }

    private mutating func add(_ term: Term) throws(SyncError) {
        guard let shape = Self.fields[term.field] else {
            throw .badQuery(
                "\(term.field) is not a field of the FPDS feed (fields are like PIID, AGENCY_CODE, LAST_MOD_DATE)")
        }
        switch (shape, term.value) {
        case (.text, .text(let text)):
            guard !text.isEmpty, !text.contains("\"") else {
                throw .badQuery("the value of \(term.field) must be non-empty text without quotes")
            }
        case (.dates, .range(let from, let to)):
            for day in [from, to].compactMap({ $0 }) where SyncDay(fpds: day) == nil {
                throw .badQuery("\(term.field) takes dates written YYYY/MM/DD, not “\(day)”")
            }
            guard from != nil || to != nil else { throw .badQuery("the range of \(term.field) is open at both ends") }
        case (.numbers, .range(let from, let to)):
            for number in [from, to].compactMap({ $0 }) where Double(number) == nil {
                throw .badQuery("\(term.field) takes numbers, not “\(number)”")
            }
        case (.dates, .text), (.numbers, .text):
            throw .badQuery("\(term.field) takes a range: \(term.field):[from,to]")
        case (.text, .range):
            throw .badQuery("\(term.field) takes a value in quotes, not a range")
        }
        terms.append(term)
    }

    // MARK: - SAM.gov

    /// The query as SAM.gov Contract Awards API parameters, by GSA's crosswalk from feed fields.
    /// - Throws: ``SyncError/badQuery(_:)`` for a field the API has no parameter for.
    package func samParameters() throws(SyncError) -> [(name: String, value: String)] {
        try terms.map { term throws(SyncError) in
            guard let name = Self.samParameterNames[term.field] else {
                throw .badQuery("\(term.field) has no SAM.gov Contract Awards parameter; sync it from the FPDS feed")
            }
            switch term.value {
            case .text(let text):
                // The API spells award/IDV in lower case where the feed capitalises.
                return (name, term.field == "CONTRACT_TYPE" ? (text.uppercased() == "IDV" ? "IDV" : "award") : text)
            case .range(let from, let to):
                let convert: (String?) -> String = { end in
                    guard let end else { return "" }
                    return Self.fields[term.field] == .dates ? (SyncDay(fpds: end)?.sam ?? end) : end
                }
                return (name, "[\(convert(from)),\(convert(to))]")
            }
        }
    }

    /// Feed field → API parameter, from GSA's "variables" crosswalk (PIID keeps its name).
    static let samParameterNames: [String: String] = [
        "PIID": "piid", "MODIFICATION_NUMBER": "modificationNumber", "REF_IDV_PIID": "referencedIdvPiid",
        "REF_IDV_AGENCY_ID": "referencedIdvPIIDSubtierCode", "AGENCY_CODE": "piidSubtierCode",
        "AGENCY_NAME": "piidSubtierName", "CONTRACTING_AGENCY_ID": "contractingSubtierCode",
        "CONTRACTING_AGENCY_NAME": "contractingSubtierName", "CONTRACTING_OFFICE_ID": "contractingOfficeCode",
        "DEPARTMENT_ID": "contractingDepartmentCode", "DEPARTMENT_NAME": "contractingDepartmentName",
        "FUNDING_AGENCY_ID": "fundingSubtierCode", "FUNDING_OFFICE_ID": "fundingOfficeCode",
        "VENDOR_UEI": "awardeeUniqueEntityId", "UEI_NAME": "awardeeLegalBusinessName",
        "VENDOR_NAME": "awardeeLegalBusinessName", "CAGE_CODE": "awardeeCageCode",
        "ULTIMATE_UEI": "ultimateParentUniqueEntityId", "ULTIMATE_UEI_NAME": "ultimateParentLegalBusinessName",
        "CONTRACT_TYPE": "awardOrIDV", "REASON_FOR_MODIFICATION": "reasonForModificationCode",
        "PRINCIPAL_NAICS_CODE": "naicsCode", "PRODUCT_OR_SERVICE_CODE": "productOrServiceCode",
        "TYPE_OF_CONTRACT_PRICING": "typeOfContractPricingCode", "LAST_MOD_DATE": "lastModifiedDate",
        "SIGNED_DATE": "dateSigned", "EFFECTIVE_DATE": "periodOfPerformanceStartDate",
        "APPROVED_DATE": "approvedDate", "CREATED_DATE": "createdDate", "CLOSED_DATE": "closedDate",
        "CLOSED_STATUS": "closedStatus", "AWARD_COMPLETION_DATE": "currentCompletionDate",
        "ESTIMATED_COMPLETION_DATE": "ultimateCompletionDate", "OBLIGATED_AMOUNT": "dollarsObligated",
        "ULTIMATE_CONTRACT_VALUE": "ultimateContractValue",
    ]
}
