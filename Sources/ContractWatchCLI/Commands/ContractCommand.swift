import ArgumentParser
import ContractWatchCore
import FPDS
import Foundation

/// `contractwatch contract AGENCY_ID PIID [--format text|json]`
struct ContractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract",
        abstract: "Show a contract's modifications in order.")

    @OptionGroup var options: StoreOptions

    @OptionGroup var contract: ContractArguments

    @Option(help: "Output format.")
    var format: TextOrJSON = .text

    func run() async throws {
        options.bootstrapLogging()
        let (agencyID, piid) = (contract.agencyID, contract.piid)
        let store = try await options.openExistingStore()
        guard let view = try await store.contract(agencyID: agencyID, piid: piid) else {
            printError("contractwatch: no actions for agency \(agencyID) PIID \(piid) in \(try options.location())")
            throw ExitCode(2)
        }
        switch format {
        case .json: print(view.json)
        case .text: print(Self.text(view.actions, timeline: view.timeline, histories: view.histories))
        }
    }

    static func text(
        _ actions: [StoredAction], timeline: ContractTimeline, histories: [ActionKey: VersionHistory] = [:]
    ) -> String {
        let first = actions[0].action
        var lines: [String] = []
        let agency = first.contractingAgency?.name.map { " — \($0)" } ?? ""
        lines.append("Contract \(first.key.agencyID) \(first.key.piid)\(agency)")
        if let vendor = actions.last?.action.vendorName {
            lines.append("Vendor: \(vendor)" + (actions.last?.action.vendorUEI.map { " (UEI \($0))" } ?? ""))
        }
        let deleted = actions.filter(\.action.isDeleted).count
        lines.append(
            "\(actions.count) action\(actions.count == 1 ? "" : "s")\(deleted > 0 ? " (\(deleted) deleted)" : ""); "
                + "state: \(timeline.state.rawValue)")
        if !timeline.narrative.isEmpty { lines.append("Timeline: \(timeline.narrative)") }
        if let completion = timeline.completionDate {
            lines.append("Period of performance ends: \(completion.dateString)")
        }
        if let last = timeline.points.last {
            lines.append(
                "Obligated: \(last.cumulativeObligated) (current value \(last.currentValue), potential \(last.potentialValue))"
            )
        }
        lines.append("")
        let eventsByAction = Dictionary(grouping: timeline.events, by: \.action)
        let header = [
            pad("signed", 10), pad("mod", 10), pad("reason", 34), pad("obligated", 16, right: true),
            pad("total obligated", 16, right: true), "description",
        ]
        lines.append(header.joined(separator: "  "))
        for stored in actions {
            let action = stored.action
            let reason = action.reasonForModification.map { "\($0.code) \($0.description ?? "")" } ?? "(base award)"
            let summary = (action.description ?? "")
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            let row = [
                pad(action.signedDate?.dateString ?? "?", 10), pad(action.key.modNumber, 10), pad(reason, 34),
                pad(action.obligatedAmount?.text ?? "", 16, right: true),
                pad(action.totalObligatedAmount?.text ?? "", 16, right: true),
                summary.count > 100 ? String(summary.prefix(99)) + "…" : summary,
            ]
            var line = row.joined(separator: "  ")
            if !action.key.idvPIID.isEmpty { line += "  [under \(action.key.idvAgencyID) \(action.key.idvPIID)]" }
            lines.append(line)
            // A deleted action stays in the list, marked, with when and where the deletion was seen.
            if action.isDeleted {
                lines.append("            ✕ DELETED — " + Self.deletionNote(stored))
            }
            // A corrected record shows both figures, and where its versions can be read.
            if let history = histories[action.key], !history.corrections.isEmpty {
                for change in history.corrections {
                    lines.append(
                        "            ✎ \(change.field): as first reported \(change.from ?? "—"), "
                            + "as corrected \(change.to ?? "—")")
                }
                lines.append(
                    "              \(history.versions.count) versions: contractwatch versions "
                        + "\(action.key.agencyID) \(action.key.piid) \(action.key.modNumber)")
            }
            for event in eventsByAction[action.key] ?? [] where event.type.isLifecycle {
                let partial = event.isPartial ? " (partial)" : ""
                let evidence = event.evidence.first.map { " — \($0.summary)" } ?? ""
                lines.append("            ▸ \(event.type.rawValue)\(partial)\(evidence)")
            }
        }
        // Every line holds text from records (names, descriptions, quoted evidence): escaped
        // whole, so stored text can neither add a line of its own nor drive the terminal.
        return lines.map { InputText.escaped($0) }.joined(separator: "\n")
    }

    /// When and where a deleted action's deletion was seen: `seen 2026-11-25T01:46:00Z in
    /// FPDS's DELETED feed (FILE_OR_URL); not counted in the totals`.
    static func deletionNote(_ stored: StoredAction) -> String {
        "seen \(stored.firstSeen) in \(stored.action.deletion?.seenIn ?? "a deletion notice")"
            + (stored.source.map { " (\($0))" } ?? "") + "; not counted in the totals"
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        let padding = String(repeating: " ", count: max(0, width - clipped.count))
        return right ? padding + clipped : clipped + padding
    }
}
