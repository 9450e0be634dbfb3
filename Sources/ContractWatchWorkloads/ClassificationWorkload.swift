import ContractWatchCore

/// The event classifier's workload: real contracts replicated under new PIIDs until there are at
/// least a given number of actions, classified in memory on one core.
///
/// Whole contracts are copied, longest first, so the mix of descriptions, codes and contract
/// lengths is the real one; each copy's PIIDs are prefixed `R<copy>-`, so no two contracts share
/// a key.
public struct ClassificationWorkload: Sendable, CustomStringConvertible {
    /// The contracts one ``run()`` classifies.
    private let contracts: [[ContractAction]]
    private let classifier = EventClassifier()

    /// How many actions one ``run()`` classifies: the count asked for, or up to one contract more.
    public let actionCount: Int
    /// How many distinct real actions were replicated.
    public let realActionCount: Int
    /// How many times the real contracts were copied (the last copy may be partial).
    public let copies: Int
    /// How many contracts one ``run()`` classifies.
    public var contractCount: Int { contracts.count }

    /// Loads the real actions and replicates them.
    /// - Parameters:
    ///   - paths: FPDS XML files or directories, such as ``WorkloadData/samplePaths``.
    ///   - actions: How many actions to reach.
    /// - Throws: ``WorkloadError`` when `actions` is not positive or the files hold no action, or
    ///   the error of a file that could not be read.
    public init(paths: [String], actions: Int) throws {
        guard actions > 0 else { throw WorkloadError.notPositive(name: "actions", value: actions) }
        let real = try RealContracts.load(paths)
        var workload: [[ContractAction]] = []
        var total = 0
        var copy = 0
        while total < actions {
            for contract in real where total < actions {
                workload.append(
                    contract.map { action in
                        var renamed = action
                        renamed.key.piid = "R\(copy)-" + action.key.piid
                        return renamed
                    })
                total += contract.count
            }
            copy += 1
        }
        contracts = workload
        actionCount = total
        realActionCount = real.reduce(0) { $0 + $1.count }
        copies = copy
    }

    /// Classifies every contract of the workload, as ingestion does after each write.
    /// - Returns: How many events were found, the same on every run.
    public func run() -> Int {
        var events = 0
        for contract in contracts { events += classifier.classify(contract: contract).count }
        return events
    }

    /// The workload's size, for example `1000012 actions (769 real, replicated 1301×) in 291207 contracts`.
    public var description: String {
        "\(actionCount) actions (\(realActionCount) real, replicated \(copies)×) in \(contractCount) contracts"
    }
}
