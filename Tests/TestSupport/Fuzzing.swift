import Foundation

/// SplitMix64: deterministic, so a failing fuzz case reproduces from its seed.
package struct SeededGenerator: RandomNumberGenerator {
    package var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A seed derived from `name` (FNV-1a), so each input has its own fixed sequence.
    package static func seed(for name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}

/// The mutations the parser fuzz tests apply to real documents, and how many cases they run.
package enum Fuzzing {
    /// Cases per input: `CONTRACTWATCH_FUZZ_CASES` when set (`scripts/fuzz.sh` sets 12,000),
    /// else `defaultCount`, which keeps CI within seconds.
    package static func caseCount(default defaultCount: Int) -> Int {
        ProcessInfo.processInfo.environment["CONTRACTWATCH_FUZZ_CASES"].flatMap { Int($0) }.map { max(1, $0) }
            ?? defaultCount
    }

    /// Bytes that are never legitimate in stored text: invalid UTF-8 lead and continuation bytes,
    /// NUL, ESC, DEL and the lead byte of a C1 control.
    package static let hostileBytes: [UInt8] = [0x00, 0x1B, 0x7F, 0xC2, 0x9B, 0xFF, 0xC3, 0xE2, 0x80, 0xED, 0xA0]

    /// One mutation of `original`, chosen by `caseNumber` and `random`.
    /// - Parameters:
    ///   - original: The document to mutate.
    ///   - caseNumber: Chooses the kind of mutation.
    ///   - interesting: The format's significant bytes (markup, delimiters, quotes).
    ///   - snippets: Whole sequences worth splicing in (escapes, character references, line breaks).
    ///   - random: Chooses where and what to change.
    /// - Returns: The mutated bytes (`original` itself when it is empty).
    package static func mutate(
        _ original: [UInt8], caseNumber: Int, interesting: [UInt8], snippets: [[UInt8]],
        using random: inout SeededGenerator
    ) -> [UInt8] {
        var bytes = original
        guard !bytes.isEmpty else { return bytes }
        func position() -> Int { Int.random(in: 0..<bytes.count, using: &random) }
        switch caseNumber % 7 {
        case 0:  // truncate anywhere
            bytes.removeSubrange(position()...)
        case 1:  // flip bytes
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[position()] = UInt8.random(in: 0...255, using: &random)
            }
        case 2:  // drop in significant bytes
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[position()] = interesting[Int.random(in: 0..<interesting.count, using: &random)]
            }
        case 3:  // delete a span
            let start = position()
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...400, using: &random)))
        case 4:  // duplicate a span somewhere else
            let start = position()
            let span = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...2000, using: &random))])
            bytes.insert(contentsOf: span, at: Int.random(in: 0...bytes.count, using: &random))
        case 5:  // hostile bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes.insert(hostileBytes[Int.random(in: 0..<hostileBytes.count, using: &random)], at: position())
            }
        default:  // splice in hostile sequences
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                bytes.insert(contentsOf: snippets[Int.random(in: 0..<snippets.count, using: &random)], at: position())
            }
        }
        return bytes
    }
}
