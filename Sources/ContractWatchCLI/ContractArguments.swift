import ArgumentParser

/// The contract a command reads: `AGENCY_ID PIID`, as `contract` and `versions` take it.
struct ContractArguments: ParsableArguments {
    @Argument(help: "The FPDS agency code of the contract, e.g. 7012.")
    var agencyID: String

    @Argument(help: "The contract's PIID.")
    var piid: String
}

/// Text for a person or JSON for a program: what `contract`, `versions` and `alerts` write.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
