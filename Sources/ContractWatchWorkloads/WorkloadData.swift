import Foundation

/// Where the real data the workloads are built from lives in this repository.
public enum WorkloadData {
    /// The repository this module was compiled from.
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // this file
        .deletingLastPathComponent()  // ContractWatchWorkloads/
        .deletingLastPathComponent()  // Sources/

    /// `Samples/fpds` and `Samples/reconstructed`: the real FPDS files whose actions every workload
    /// replicates.
    public static let samplePaths: [String] = ["Samples/fpds", "Samples/reconstructed"].map {
        projectRoot.appendingPathComponent($0).path
    }

    /// The labelled real vendor name pairs (JSON Lines), whose names become screening entries.
    public static let labelledNamePairs: String =
        projectRoot.appendingPathComponent("Tests/ContractWatchCoreTests/Fixtures/vendor-name-pairs.jsonl").path
}
