import Foundation

/// The benchmarks' sizes, read from the environment: `swift package benchmark` passes no arguments
/// through to a benchmark executable, but the executable inherits the environment.
public enum Setting {
    /// The positive integer in the environment variable `name`, or `value` when it is not set.
    ///
    /// A value that is not a positive integer stops the benchmark with a message naming the variable,
    /// rather than measuring a size nobody asked for.
    /// - Parameters:
    ///   - name: The variable, such as `CONTRACTWATCH_BENCH_REPETITIONS`.
    ///   - value: The size when the variable is not set.
    /// - Returns: The size to use.
    public static func count(_ name: String, default value: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment[name] else { return value }
        guard let number = Int(text), number > 0 else {
            fatalError("\(name) must be a positive integer; it is \"\(text)\".")
        }
        return number
    }
}
