/// The kind of legal entity a company name's suffix declares (`Inc`, `L.L.C.`, `Ltd`, `S.A.`, …).
///
/// Names are compared without their legal form; the forms only say whether two names could be the
/// same registration (`INC` and `CORPORATION` can, `INC` and `LTD` usually cannot).
package enum LegalForm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Inc, Incorporated, Corp, Corporation, Co, Company.
    case corporation
    /// LLC, L.L.C., PLLC, Limited Liability Company.
    case limitedLiabilityCompany
    /// Ltd, Limited, PLC, Pte, Pvt, Pty.
    case limited
    /// Civil-law companies: S.A., S.à r.l., AG, GmbH, B.V., N.V., S.r.l., S.p.A., AD, Zrt., Kft., …
    case shareCompany
    /// LP, LLP, LLLP.
    case partnership
    /// PC, PA (professional corporations).
    case professional

    /// Single words that name a form, after folding case and dropping dots (`L.L.C.` reads `LLC`).
    static let suffixes: [String: LegalForm] = {
        var table: [String: LegalForm] = [:]
        let groups: [(LegalForm, [String])] = [
            (.corporation, ["INC", "INCORPORATED", "CORP", "CORPORATION", "CO", "COMPANY"]),
            (.limitedLiabilityCompany, ["LLC", "PLLC", "LC"]),
            (.limited, ["LTD", "LIMITED", "PLC", "PTE", "PVT", "PTY", "LTDA"]),
            (
                .shareCompany,
                [
                    "SA", "SARL", "AG", "GMBH", "BV", "NV", "SRL", "SPA", "AD", "ZRT", "CRT", "KFT", "SAS", "SL", "AB",
                    "AS", "OY", "KG", "SE",
                ]
            ),
            (.partnership, ["LP", "LLP", "LLLP"]),
            (.professional, ["PC", "PA"]),
        ]
        for (form, words) in groups {
            for word in words { table[word] = form }
        }
        return table
    }()

    /// Forms spelled out in several words, longest first.
    static let phrases: [([String], LegalForm)] = [
        (["ZARTKORUEN", "MUKODO", "RESZVENYTARSASAG"], .shareCompany),
        (["LIMITED", "LIABILITY", "COMPANY"], .limitedLiabilityCompany),
        (["PUBLIC", "LIMITED", "COMPANY"], .limited),
        (["LIMITED", "LIABILITY", "CO"], .limitedLiabilityCompany),
        (["ZARTKORUEN", "MUKODO", "RT"], .shareCompany),
        (["ANONYMI", "ETAIREIA"], .shareCompany),
        (["SOCIETE", "ANONYME"], .shareCompany),
        (["SOCIEDAD", "ANONIMA"], .shareCompany),
        (["PRIVATE", "LIMITED"], .limited),
        (["SA", "RL"], .shareCompany),
    ]
}
