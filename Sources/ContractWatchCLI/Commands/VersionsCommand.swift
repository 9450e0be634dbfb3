import ArgumentParser
import ContractWatchCore
import Foundation

/// `contractwatch versions [--db PATH] AGENCY_ID PIID MOD [--raw HASH] [--format text|json]`
struct VersionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions",
        abstract: "Show every stored version of a modification, what each changed, or one version's raw record.",
        discussion: """
            Each version: its content hash, when it was first and last seen, its source (FPDS, SAM.gov or \
            USAspending), whether it is current or the one cited, and the fields it changed. A corrected \
            record shows its values as first reported and as corrected. --raw HASH writes that version's \
            source document exactly as it was read.
            """)

    @OptionGroup var options: StoreOptions

    @OptionGroup var contract: ContractArguments

    @Argument(help: "The modification number (0 for the base award).")
    var mod: String

    @Option(help: "Write the raw source document of the version with this content hash.")
    var raw: String?

    @Option(help: "Output format.")
    var format: TextOrJSON = .text

    func run() async throws {
        options.bootstrapLogging()
        let (agencyID, piid) = (contract.agencyID, contract.piid)
        let store = try await options.openExistingStore()
        let versions = try await store.versions(agencyID: agencyID, piid: piid, modNumber: mod)
        guard !versions.isEmpty else {
            printError(
                "contractwatch: no action for agency \(agencyID) PIID \(piid) mod \(mod) in \(try options.location())")
            throw ExitCode(2)
        }
        if let raw {
            guard versions.contains(where: { $0.contentHash == raw }),
                let document = try await store.rawDocument(agencyID: agencyID, piid: piid, contentHash: raw)
            else {
                printError("contractwatch: mod \(mod) of \(agencyID) \(piid) has no version \(raw)")
                throw ExitCode(2)
            }
            // Verbatim: no newline added, so the output is the record byte for byte.
            FileHandle.standardOutput.write(Data(document.text.utf8))
            return
        }
        let histories = VersionHistory.histories(versions)
        // The order the store gave: by IDV, then transaction number.
        var seen: Set<ActionKey> = []
        let keys = versions.map(\.action.key).filter { seen.insert($0).inserted }
        switch format {
        case .text:
            print(keys.compactMap { histories[$0]?.text }.joined(separator: "\n\n"))
        case .json:
            var writer = JSONWriter()
            writer.beginArray()
            for key in keys { histories[key]?.writeJSON(to: &writer) }
            writer.endArray()
            print(writer.output)
        }
    }
}
