package import ContractAwards
package import FPDS
import Foundation

/// The citation pack of an event: what a reader needs to check it and cite it. Alerts carry it in
/// `/api/alerts`, `alerts list|show` and webhooks; the feeds put it in each entry.
package struct Citation: Sendable, Hashable {
    /// The FPDS ezSearch record of the cited version (or of the action's latest FPDS version).
    package var fpdsURL: String?
    /// The USAspending award page of the contract the action belongs to.
    package var usaspendingURL: String?
    /// The SAM.gov record, when a SAM.gov version gave one.
    package var samURL: String?
    /// The version the event was derived from: its content hash, when ContractWatch first saw
    /// it, and its source.
    package var contentHash: String
    package var firstSeen: String
    package var source: SourceFormat?
    /// The evidence quoted: sentences with their offsets, or the values that changed.
    package var evidence: [Evidence]
    package var vendorName: String?
    package var vendorUEI: String?
    package var agencyID: String?
    package var agencyName: String?
    package var officeID: String?
    package var officeName: String?
    package var obligatedAmount: FPDSAmount?
    package var baseAndExercisedOptionsValue: FPDSAmount?
    package var baseAndAllOptionsValue: FPDSAmount?
    package var totalObligatedAmount: FPDSAmount?
    /// The contract's timeline in one line: "awarded … → stop-work … → lifted …".
    package var timeline: String

    /// The pack of `event`, derived from the version of its action that is cited.
    /// - Parameters:
    ///   - event: The event.
    ///   - action: The cited version of the event's action (``VersionHistory/citing(_:histories:)``).
    ///   - history: The action's versions, when it has more than one: links to other sources.
    ///   - timeline: The contract's timeline in one line (``ContractTimeline/narrative``).
    package init(event: ProcurementEvent, action: StoredAction, history: VersionHistory?, timeline: String) {
        let versions = history?.versions ?? [action]
        func link(_ format: SourceFormat) -> String? {
            action.format == format && action.sourceURL != nil
                ? action.sourceURL : versions.last { $0.format == format && $0.sourceURL != nil }?.sourceURL
        }
        fpdsURL = link(.fpdsXML)
        samURL = link(.samJSON)
        usaspendingURL = Self.usaspendingAwardURL(of: event.action)
        contentHash = action.contentHash
        firstSeen = action.firstSeen
        source = action.format
        evidence = event.evidence
        vendorName = action.action.vendorName
        vendorUEI = action.action.vendorUEI
        agencyID = action.action.contractingAgency?.code
        agencyName = action.action.contractingAgency?.name
        officeID = action.action.contractingOffice?.code
        officeName = action.action.contractingOffice?.name
        obligatedAmount = action.action.obligatedAmount
        baseAndExercisedOptionsValue = action.action.baseAndExercisedOptionsValue
        baseAndAllOptionsValue = action.action.baseAndAllOptionsValue
        totalObligatedAmount = action.action.totalObligatedAmount
        self.timeline = timeline
    }

    /// Where a reader checks a contract at its sources, from its stored actions (current
    /// versions, oldest first): the newest FPDS record, the USAspending award page and the newest
    /// SAM.gov record, each where it is known.
    /// - Returns: Each source's label and URL.
    package static func sourceLinks(of actions: [StoredAction]) -> [(label: String, url: String)] {
        func newest(_ format: SourceFormat) -> String? {
            actions.last { $0.format == format && $0.sourceURL?.hasPrefix("https://") == true }?.sourceURL
        }
        let links: [(String, String?)] = [
            ("FPDS record", newest(.fpdsXML)),
            ("USAspending award", actions.last.flatMap { usaspendingAwardURL(of: $0.action.key) }),
            ("SAM.gov record", newest(.samJSON)),
        ]
        return links.compactMap { label, url in url.map { (label, $0) } }
    }

    /// The USAspending award page of the contract `key` belongs to, from the award's unique key as
    /// USAspending builds it: `CONT_AWD_{PIID}_{agency}_{IDV PIID}_{IDV agency}` for an award or
    /// an order (`-NONE-` for a missing IDV), `CONT_IDV_{PIID}_{agency}` for an IDV.
    /// - Returns: The URL, or nil for Other Transactions, which USAspending keys differently.
    package static func usaspendingAwardURL(of key: ActionKey) -> String? {
        let id: String
        switch key.kind {
        case .award:
            id = [
                "CONT_AWD", key.piid, key.agencyID, key.idvPIID.isEmpty ? "-NONE-" : key.idvPIID,
                key.idvAgencyID.isEmpty ? "-NONE-" : key.idvAgencyID,
            ].joined(separator: "_")
        case .idv:
            id = ["CONT_IDV", key.piid, key.agencyID].joined(separator: "_")
        case .otherTransactionAward, .otherTransactionIDV:
            return nil
        }
        guard let path = id.uppercased().addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["_", "-"]))
        else { return nil }
        return "https://www.usaspending.gov/award/" + path
    }

    /// Writes the pack as a JSON object: `links` (`fpds usaspending sam`), `contentHash firstSeen
    /// source sourceLabel`, `evidence`, `vendor` (`name uei`), `agency` (`code name officeCode
    /// officeName`), `amounts` (`obligated baseAndExercisedOptionsValue baseAndAllOptionsValue
    /// totalObligated`, the published digits) and `timeline`.
    package func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("links")
        writer.beginObject()
        writer.member("fpds", fpdsURL)
        writer.member("usaspending", usaspendingURL)
        writer.member("sam", samURL)
        writer.endObject()
        writer.member("contentHash", contentHash)
        writer.member("firstSeen", firstSeen)
        writer.member("source", source?.rawValue)
        writer.member("sourceLabel", source?.label)
        writer.key("evidence")
        writer.beginArray()
        for item in evidence { item.writeJSON(to: &writer) }
        writer.endArray()
        writer.key("vendor")
        writer.beginObject()
        writer.member("name", vendorName)
        writer.member("uei", vendorUEI)
        writer.endObject()
        writer.key("agency")
        writer.beginObject()
        writer.member("code", agencyID)
        writer.member("name", agencyName)
        writer.member("officeCode", officeID)
        writer.member("officeName", officeName)
        writer.endObject()
        writer.key("amounts")
        writer.beginObject()
        writer.member("obligated", number: obligatedAmount?.text)
        writer.member("baseAndExercisedOptionsValue", number: baseAndExercisedOptionsValue?.text)
        writer.member("baseAndAllOptionsValue", number: baseAndAllOptionsValue?.text)
        writer.member("totalObligated", number: totalObligatedAmount?.text)
        writer.endObject()
        writer.member("timeline", timeline)
        writer.endObject()
    }

    /// The pack as lines of text, for terminals and feed entries: links, version, vendor, agency,
    /// amounts, evidence and timeline. Record text is left as published; callers escape it.
    package var lines: [String] {
        var lines: [String] = []
        if let fpdsURL { lines.append("FPDS record: \(fpdsURL)") }
        if let samURL { lines.append("SAM.gov record: \(samURL)") }
        if let usaspendingURL { lines.append("USAspending award: \(usaspendingURL)") }
        lines.append("Version: \(contentHash) (\(source?.label ?? "unknown source"), first seen \(firstSeen))")
        lines.append(
            "Vendor: \(vendorName ?? "unknown")" + (vendorUEI.map { " (UEI \($0))" } ?? ""))
        lines.append(
            "Agency: " + [agencyID, agencyName].compactMap { $0 }.joined(separator: " ")
                + (officeID.map { "; office \($0)" + (officeName.map { " \($0)" } ?? "") } ?? ""))
        lines.append(
            "Amounts: obligated \(obligatedAmount?.text ?? "—"), total obligated \(totalObligatedAmount?.text ?? "—"), "
                + "current value \(baseAndExercisedOptionsValue?.text ?? "—"), "
                + "potential value \(baseAndAllOptionsValue?.text ?? "—")")
        for item in evidence {
            lines.append(
                "Evidence: \(item.summary)" + (item.start.map { start in " [\(start)–\(item.end ?? start)]" } ?? ""))
        }
        if !timeline.isEmpty { lines.append("Timeline: \(timeline)") }
        return lines
    }
}

extension RecordStore {
    /// The citation pack of each of `events`, keyed by event id, read from the store in one
    /// transaction: each event's action with its versions, and its contract's stored timeline.
    ///
    /// A contract last classified before the store kept timelines has none stored; its timeline
    /// is told from all its records, read apart (`events --reclassify` stores every timeline).
    /// - Parameters:
    ///   - events: The events to cite.
    ///   - asOf: The day open suspensions are counted to.
    /// - Returns: The packs; an event whose action is no longer stored has none.
    /// - Throws: The store's error.
    package func citations(
        for events: [ProcurementEvent], asOf: FPDSDateTime = .today()
    ) async throws -> [String: Citation] {
        let cited = try await citedRecords(of: Array(Set(events.map(\.action))))
        var timelines = cited.timelines.mapValues { $0.narrative(asOf: asOf) }
        let untold = Set(events.map(\.action.contract)).filter { timelines[$0] == nil }
        if !untold.isEmpty {
            let byPIID = Dictionary(grouping: untold) { [$0.agencyID, $0.piid] }
            let records = try await records(ofContracts: byPIID.keys.map { ($0[0], $0[1]) })
            for ((_, contracts), records) in zip(byPIID, records) where !records.actions.isEmpty {
                let narrative = ContractView(records, asOf: asOf).timeline.narrative
                for contract in contracts { timelines[contract] = narrative }
            }
        }
        let histories = VersionHistory.histories(cited.versions)
        var result: [String: Citation] = [:]
        for event in events {
            guard let current = cited.actions[event.action] else { continue }
            let history = histories[event.action]
            result[event.id] = Citation(
                event: event, action: history?.cited ?? current, history: history,
                timeline: timelines[event.action.contract] ?? "")
        }
        return result
    }

    /// `alerts` with their citation packs (``Alert/citation``).
    /// - Throws: The store's error.
    package func citing(_ alerts: [Alert]) async throws -> [Alert] {
        let packs = try await citations(for: alerts.map(\.event))
        return alerts.map { alert in
            var alert = alert
            alert.citation = packs[alert.event.id]
            return alert
        }
    }

    /// `deliveries` with their alerts' citation packs, so that each webhook body carries one.
    /// - Throws: The store's error.
    package func citing(_ deliveries: [PendingDelivery]) async throws -> [PendingDelivery] {
        let alerts = try await citing(deliveries.map(\.alert))
        return zip(deliveries, alerts).map { delivery, alert in
            var delivery = delivery
            delivery.alert = alert
            return delivery
        }
    }
}
