package import FPDS

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
