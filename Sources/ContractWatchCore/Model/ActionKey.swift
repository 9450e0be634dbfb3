import Crypto
package import FPDS
import Foundation

/// The identity of one contract action, as `DESIGN.md` fixes it: agency, PIID, modification,
/// transaction number and referenced IDV, within a record kind (awards and IDVs are separate).
///
/// Absent parts are empty strings, never nil, so that keys compare and index uniformly.
package struct ActionKey: Sendable, Hashable, CustomStringConvertible {
    package var kind: FPDSRecord.Kind
    package var agencyID: String
    package var piid: String
    package var modNumber: String
    package var transactionNumber: String
    package var idvAgencyID: String
    package var idvPIID: String

    package init(
        kind: FPDSRecord.Kind, agencyID: String, piid: String, modNumber: String, transactionNumber: String = "",
        idvAgencyID: String = "", idvPIID: String = ""
    ) {
        self.kind = kind
        self.agencyID = agencyID
        self.piid = piid
        self.modNumber = modNumber
        self.transactionNumber = transactionNumber
        self.idvAgencyID = idvAgencyID
        self.idvPIID = idvPIID
    }

    /// Where the action sorts among actions signed the same day: the first eight bytes of the
    /// SHA-256 of its key parts, as a signed integer.
    ///
    /// Listings run newest signed first, and FPDS signs dates without times, so thousands of
    /// actions share a day. A row number would order them by arrival, which differs between two
    /// stores of the same records; this depends on the key alone, so every store lists them alike.
    package var orderingKey: Int64 {
        let parts = [kind.rawValue, agencyID, piid, modNumber, transactionNumber, idvAgencyID, idvPIID]
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8))
        return Int64(bitPattern: digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// The contract this action modifies.
    package var contract: ContractKey {
        ContractKey(agencyID: agencyID, piid: piid, idvAgencyID: idvAgencyID, idvPIID: idvPIID)
    }

    /// "9700 W91CRB15D0018 mod P00001" (with the transaction and IDV when present).
    package var description: String {
        var text = "\(agencyID) \(piid) mod \(modNumber)"
        if !transactionNumber.isEmpty && transactionNumber != "0" { text += " txn \(transactionNumber)" }
        if !idvPIID.isEmpty { text += " under \(idvAgencyID) \(idvPIID)" }
        return text
    }
}

/// The identity of a contract: agency and PIID, plus the IDV an order is placed under.
package struct ContractKey: Sendable, Hashable, CustomStringConvertible {
    package var agencyID: String
    package var piid: String
    package var idvAgencyID: String
    package var idvPIID: String

    package init(agencyID: String, piid: String, idvAgencyID: String = "", idvPIID: String = "") {
        self.agencyID = agencyID
        self.piid = piid
        self.idvAgencyID = idvAgencyID
        self.idvPIID = idvPIID
    }

    package var description: String {
        idvPIID.isEmpty ? "\(agencyID) \(piid)" : "\(agencyID) \(piid) under \(idvAgencyID) \(idvPIID)"
    }
}
