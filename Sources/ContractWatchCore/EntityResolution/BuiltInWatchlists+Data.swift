extension BuiltInWatchlists {
    /// The JSON text of each built-in list, by name: the files in `Resources/Watchlists/`, compiled
    /// into the binary (`.embedInCode` in `Package.swift`). A new list is a file there, a line in
    /// `Package.swift` and a line here; a test fails when a file is missing from either.
    static let documents: [String: String] = [
        "commercial-spyware": text(PackageResources.commercial_spyware_json)
    ]

    /// A file's text without the newlines that end it.
    private static func text(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
