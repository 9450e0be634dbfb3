import ArgumentParser
import ContractWatchCore

/// `contractwatch export --format jsonl|csv [--versions]`
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the stored actions to standard output.",
        discussion: """
            One action per line (JSON Lines) or row (CSV), ordered by agency, PIID, IDV and modification, with \
            the keys of DESIGN.md. JSON codes are {"code", "description"} objects; CSV code columns hold the code. \
            Amounts are written with the digits FPDS published.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, csv
    }

    @OptionGroup var options: StoreOptions

    @Option(help: "Output format.")
    var format: Format = .jsonl

    @Flag(help: "Every stored version of each action (corrections included), not only the current one.")
    var versions = false

    func run() async throws {
        options.bootstrapLogging()
        let store = try await options.openExistingStore()
        let output = StandardOutput()
        if format == .csv { output.line(CSV.exportHeader) }
        let format = self.format
        try await store.forEachAction(allVersions: versions) { action in
            output.line(format == .csv ? action.csvRow : action.jsonLine)
        }
        output.flush()
    }
}
