/// What a contract action means, in the stable names of `DESIGN.md` (used in JSON, feeds and the
/// API). One action may carry several (a termination with a de-obligation).
package enum EventType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A new definitive contract, purchase order or Other Transaction agreement (modification 0,
    /// not under an IDV).
    case award
    /// A new order or call placed under an IDV (modification 0 with a referenced IDV).
    case order
    /// A new IDV: a GWAC, IDC, FSS, BOA or BPA (modification 0).
    case idvAward = "idv_award"
    /// Reason code G: an option exercised.
    case optionExercised = "option_exercised"
    /// New money obligated: reason code C with a positive amount, or any modification that
    /// obligates a positive amount.
    case funding
    /// Money taken back: a negative obligation on a modification.
    case deobligation
    /// The potential value (base and all options) rose.
    case valueIncrease = "value_increase"
    /// The potential value (base and all options) fell.
    case valueDecrease = "value_decrease"
    /// The current completion date moved later than the previous action's.
    case periodExtended = "period_extended"
    /// The current completion date moved earlier than the previous action's.
    case periodShortened = "period_shortened"
    /// A stop-work order (FAR 52.242-15, or 52.233-3 after a protest) suspends all or part of the
    /// work. FPDS has no code for it: it is read from the description text.
    case stopWorkIssued = "stop_work_issued"
    /// A stop-work order is lifted, cancelled or rescinded, or work resumes. Text only.
    case stopWorkLifted = "stop_work_lifted"
    /// Reason code F: terminated for the government's convenience, completely or partially.
    case terminatedForConvenience = "terminated_for_convenience"
    /// Reason code E: terminated for default.
    case terminatedForDefault = "terminated_for_default"
    /// Reason code X: terminated for cause (commercial items).
    case terminatedForCause = "terminated_for_cause"
    /// Reason code N: legal contract cancellation.
    case cancelled
    /// A terminated or cancelled contract restored (text; often coded M).
    case reinstated
    /// Reason code J: a novation agreement moves the contract to a successor company.
    case novation
    /// Reason codes V and P: the vendor's identifier or name changed without a novation, or a
    /// merger or acquisition was re-represented.
    case vendorIdentityChange = "vendor_identity_change"
    /// Reason code S: the contract was given a new PIID.
    case piidChange = "piid_change"
    /// Reason code K: the contract was closed out.
    case closeout
    /// Reason codes D and L: a unilateral change order, or its definitization.
    case changeOrder = "change_order"
    /// Reason codes A, B and H: a bilateral supplemental agreement (in or beyond scope), or a
    /// definitized letter contract.
    case supplementalAgreement = "supplemental_agreement"
    /// Reason codes M, R, T, W and Y: other administrative actions.
    case administrative
    /// The record was corrected after publication: a later version with different content.
    case recordCorrected = "record_corrected"
    /// The record was withdrawn (seen in FPDS's DELETED feed, or among SAM.gov's deleted records,
    /// its successor's form of that feed). The only event of a deleted action: its other events
    /// are withdrawn with it.
    case recordDeleted = "record_deleted"

    /// The types that change a contract's life, as opposed to its money or paperwork.
    package var isLifecycle: Bool {
        switch self {
        case .stopWorkIssued, .stopWorkLifted, .terminatedForConvenience, .terminatedForDefault,
            .terminatedForCause, .cancelled, .reinstated, .novation, .piidChange, .closeout:
            true
        default:
            false
        }
    }
}
