/// Why a workload could not be built from the files it was given.
public enum WorkloadError: Error, CustomStringConvertible {
    /// None of the files under these paths held an FPDS action to replicate.
    case noActions(paths: [String])
    /// A count asked for was zero or negative.
    case notPositive(name: String, value: Int)

    /// A full-sentence explanation.
    public var description: String {
        switch self {
        case .noActions(let paths):
            "No FPDS actions were found in \(paths.joined(separator: ", "))."
        case .notPositive(let name, let value):
            "The \(name) count must be positive; it was \(value)."
        }
    }
}
