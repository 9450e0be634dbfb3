import Foundation
import TestSupport

/// Runs the built `contractwatch` executable, as users and scripts do.
enum CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable beside the test bundle: the test target depends on it, so `swift test`
    /// builds it first and the tests never run a stale one.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("contractwatch")

    /// Starts the command; output goes to files so large outputs cannot block the pipe.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL
    )
        throws -> (Process, stdout: URL, stderr: URL)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = TestData.projectRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CONTRACTWATCH_DB")
        env["XDG_DATA_HOME"] = directory.appendingPathComponent("xdg").path
        env.merge(environment) { $1 }
        process.environment = env
        let out = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL
    ) async throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment, in: directory)
        await process.waitForExit()
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// A new empty folder and a store path inside it, for one test.
    static func workspace() throws -> (directory: URL, db: String) {
        let directory = try temporaryDirectory()
        return (directory, directory.appendingPathComponent("store.sqlite").path)
    }

    /// A new empty folder for one test's databases and outputs.
    static func temporaryDirectory() throws -> URL {
        try TestData.temporaryDirectory()
    }
}
