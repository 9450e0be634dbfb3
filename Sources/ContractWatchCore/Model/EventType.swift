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
    /// A stop-work order is lifted, cancelled or rescinded, or work resumes in a sentence that names
    /// it. Text only.
    case stopWorkLifted = "stop_work_lifted"
    /// A suspension short of a formal stop-work order: a suspension of work under FAR 52.242-14, or
    /// work, services, performance or operations suspended, ceased or halted ("SUSPENSION OF WORK",
    /// "CEASE ALL SERVICES", "PERFORMANCE IS HEREBY SUSPENDED"). Text only. Partial unless the text
    /// says all of the work or the entire contract; only a whole one makes the contract's state
    /// suspended, but each counts in its timeline as a suspension.
    case workSuspended = "work_suspended"
    /// Work resumes without a stop-work order being named ("RESUME WORK", "THE SUSPENSION OF WORK IS
    /// LIFTED"): it ends the contract's open suspension. Text only.
    case workResumed = "work_resumed"
    /// Reason code F: terminated for the government's convenience, completely or partially.
    ///
    /// A termination or cancellation is partial when the new text of its action names a part (a
    /// CLIN, line item, annex, portion, a descope, "partial"), or, unless that text says the whole
    /// contract, when a later action adds work: exercises an option, obligates new money or raises
    /// the potential value (settlements and other terminations aside). Its evidence says which.
    case terminatedForConvenience = "terminated_for_convenience"
    /// Reason code E: terminated for default, completely or partially (see
    /// ``terminatedForConvenience`` for which).
    case terminatedForDefault = "terminated_for_default"
    /// Reason code X: terminated for cause (commercial items), completely or partially.
    case terminatedForCause = "terminated_for_cause"
    /// Reason code N: legal contract cancellation, completely or partially. Not when the action's
    /// text rescinds, cancels or voids an earlier modification ("RESCIND MODIFICATION P00061"): that
    /// is `administrative`, and the contract goes on.
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
    /// Reason codes M, R, T, W and Y: other administrative actions; and code N when the action
    /// rescinds an earlier modification rather than cancelling the contract.
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
        case .stopWorkIssued, .stopWorkLifted, .workSuspended, .workResumed, .terminatedForConvenience,
            .terminatedForDefault, .terminatedForCause, .cancelled, .reinstated, .novation, .piidChange, .closeout:
            true
        default:
            false
        }
    }

    /// Terminations and cancellations: the types that end all or part of a contract.
    package var endsWork: Bool {
        switch self {
        case .terminatedForConvenience, .terminatedForDefault, .terminatedForCause, .cancelled: true
        default: false
        }
    }

    /// The types that show the government adding work: evidence that the contract goes on.
    package var addsWork: Bool {
        switch self {
        case .optionExercised, .funding, .valueIncrease: true
        default: false
        }
    }
}
