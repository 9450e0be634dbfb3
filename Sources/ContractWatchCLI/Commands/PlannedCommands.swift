import ArgumentParser

/// Subcommands of the `DESIGN.md` contract that later work fills in. They accept their
/// arguments so scripts get a clear message, not a usage error.
protocol PlannedCommand: AsyncParsableCommand {
    static var plannedWork: String { get }
}

extension PlannedCommand {
    func run() async throws {
        printError("contractwatch \(Self.configuration.commandName ?? ""): not available yet (\(Self.plannedWork)).")
        throw ExitCode.failure
    }
}

struct SyncCommand: PlannedCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Fetch new records from FPDS ATOM or SAM.gov (not available yet).")
    static let plannedWork = "live sources are being built"
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}
