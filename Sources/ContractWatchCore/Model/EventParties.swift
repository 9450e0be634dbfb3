import FPDS

/// The vendor and the agency of an event's action, as its current version names them: what a
/// listing, a feed entry or an alert says about who was involved.
package struct EventParties: Sendable, Hashable {
    package var vendorName: String?
    package var vendorUEI: String?
    /// The contracting agency's code (`7012`) and name, when the record names them.
    package var agencyID: String?
    package var agencyName: String?
    /// The agency's department (`7000`, Homeland Security), when the agency table knows it.
    package var departmentID: String?
    package var departmentName: String?

    package init(
        vendorName: String?, vendorUEI: String?, agencyID: String?, agencyName: String?, departmentID: String?,
        departmentName: String?
    ) {
        self.vendorName = vendorName
        self.vendorUEI = vendorUEI
        self.agencyID = agencyID
        self.agencyName = agencyName
        self.departmentID = departmentID
        self.departmentName = departmentName
    }

    /// The agency as readers know it: its name and code, then its department's when it has
    /// another (`U.S. Immigration and Customs Enforcement (7012), Department of Homeland Security (7000)`).
    /// Nil when the record names no agency.
    package var agencyLabel: String? {
        Self.agencyLabel(code: agencyID, name: agencyName, departmentID: departmentID, departmentName: departmentName)
    }

    /// An agency and its department as ``agencyLabel`` writes them.
    static func agencyLabel(code: String?, name: String?, departmentID: String?, departmentName: String?) -> String? {
        guard let agency = label(name, code) else { return nil }
        guard let departmentID, departmentID != code, let department = label(departmentName, departmentID)
        else { return agency }
        return agency + ", " + department
    }

    private static func label(_ name: String?, _ code: String?) -> String? {
        switch (name, code) {
        case (let name?, let code?): "\(name) (\(code))"
        case (let name?, nil): name
        case (nil, let code?): code
        case (nil, nil): nil
        }
    }
}

extension FPDSRecord.Agency {
    /// The agency as readers know it, with its department (``EventParties/agencyLabel``).
    package var label: String {
        EventParties.agencyLabel(code: code, name: name, departmentID: departmentID, departmentName: departmentName)
            ?? code
    }
}

extension ProcurementEvent {
    /// One line naming the event, the vendor, the agency and the amount, for a feed entry's
    /// title or a notification: `stop_work_lifted: PARAGON SOLUTIONS (US) INC. — U.S. Immigration
    /// and Customs Enforcement (7012), … — $0.00 — 7012 70CMSD24RECON0001 mod P00002`. A part the
    /// record does not report is left out.
    package var headline: String {
        let parts: [String?] = [
            parties?.vendorName, parties?.agencyLabel,
            amount.map { $0.text.hasPrefix("-") ? "-$" + $0.text.dropFirst() : "$" + $0.text },
            "\(action.agencyID) \(action.piid) mod \(action.modNumber)",
        ]
        return "\(type.rawValue)\(isPartial ? " (partial)" : ""): "
            + parts.compactMap { $0 }.joined(separator: " — ")
    }
}
