import ContractWatchCore
import FPDS
import Foundation

/// The real FPDS actions every workload is made of.
enum RealContracts {
    /// The actions in the files under `paths`, grouped by contract in their published order, the
    /// longest contracts first.
    /// - Parameter paths: FPDS XML files or directories.
    /// - Returns: At least one contract.
    /// - Throws: ``WorkloadError/noActions(paths:)`` when no file held an action, or the error of
    ///   a file that could not be read.
    static func load(_ paths: [String]) throws -> [[ContractAction]] {
        var contracts: [ContractKey: [ContractAction]] = [:]
        let parser = FPDSParser()
        for file in IngestPipeline.expand(paths).files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
            _ = parser.parse(data, file: file.path) { result in
                if case .success(let entry) = result {
                    let action = ContractAction(entry.record)
                    contracts[action.key.contract, default: []].append(action)
                }
            }
        }
        let real = contracts.values.map { $0 }.sorted { $0.count > $1.count }
        guard !real.isEmpty else { throw WorkloadError.noActions(paths: paths) }
        return real
    }
}
