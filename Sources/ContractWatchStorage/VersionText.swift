import ContractWatchCore
import FPDS
import Foundation

/// How `action_versions` keeps what most versions repeat, the same on both engines.
///
/// A million versions repeat a few thousand texts: FPDS's descriptions of its codes (product or
/// service, NAICS, action type, reason for modification) and the address of each source link,
/// which differs from the next only in its query. Each such text is kept once, in
/// `version_texts`, and a version refers to it by id (migration 030 on SQLite, 016 on
/// PostgreSQL). A source link is kept as the id of its address up to its last `/` or `=` and the
/// text after that, so the two read back as the link, byte for byte.
///
/// A writer offers the texts of each record (``texts(of:)``) to `version_texts` before it stores
/// the version, whose statement looks each one up by its text (``id``).
enum VersionText {
    /// The columns of `action_versions` that keep a text by id.
    static let idColumns: Set<String> = [
        "contract_action_type_description_id", "reason_for_modification_description_id",
        "product_or_service_description_id", "naics_description_id", "source_url_address_id",
    ]

    /// The statement that adds a text unless `version_texts` holds it; binds the text.
    static let offer = "INSERT INTO version_texts (text) VALUES (?) ON CONFLICT (text) DO NOTHING"

    /// An SQL expression for the id of a text the statement binds (NULL binds NULL).
    static let id = "(SELECT id FROM version_texts WHERE text = ?)"

    /// A source link as it is stored: the address up to and including its last `/` or `=`, nil
    /// when it has neither, and the rest, which may be empty.
    static func parts(ofLink link: String) -> (address: String?, rest: String) {
        guard let end = link.utf8.lastIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=") }) else {
            return (nil, link)
        }
        let split = link.utf8.index(after: end)
        return (String(link[..<split]), String(link[split...]))
    }

    /// The texts of `record` that its version refers to by id.
    static func texts(of record: IngestRecord) -> [String] {
        let action = record.action
        return [
            action.contractActionType?.description, action.reasonForModification?.description,
            action.productOrServiceCode?.description, action.naicsCode?.description,
            record.sourceURL.flatMap { parts(ofLink: $0).address },
        ].compactMap { $0 }
    }
}

/// A version's content hash as the store keeps it: the 32 bytes of the SHA-256, where the rest
/// of ContractWatch has the lowercase hex (``ActionColumn/contentHash`` reads it back so).
enum ContentHash {
    /// The bytes of `hex`; nil when it is not 64 hex digits.
    static func bytes(_ hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = Data(capacity: 32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
