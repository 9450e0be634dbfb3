import FPDS

extension FPDSDateTime {
    /// Parses a date as SAM.gov or USAspending publishes it, keeping the wall-clock components.
    ///
    /// Accepts everything `FPDSDateTime.init(fpds:)` does (`2025-02-20`,
    /// `2025-02-20 00:00:00`, a `T` separator, fractional seconds) plus a trailing zone mark (`Z`,
    /// `+00:00`, `+0000`, `+00`), which is dropped, not applied. SAM marks its times `Z`, but they
    /// are not converted: in GSA's example 6b `lastModifiedDate` is `2025-01-24T15:23:20Z` and
    /// `closedDate` is `2025-01-24 15:23:20.000` for the same close-out. Like FPDS timestamps,
    /// they are agency wall-clock times.
    init?(source text: String) {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "Z") {
            bytes.removeLast()
        } else if bytes.count > 19 {
            // A numeric offset after the time: ±HH, ±HHMM or ±HH:MM.
            for length in [6, 5, 3] where bytes.count >= 19 + length {
                let offset = bytes[(bytes.count - length)...]
                let sign = offset[offset.startIndex]
                let rest = offset.dropFirst()
                let isDigitOrColon = rest.allSatisfy {
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ":")
                }
                if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), isDigitOrColon,
                    length != 6 || rest[rest.startIndex + 2] == UInt8(ascii: ":")
                {
                    bytes.removeLast(length)
                    break
                }
            }
        }
        self.init(fpds: String(decoding: bytes, as: UTF8.self))
    }
}
