import ContractAwards
import Foundation
import TestSupport
import Testing

@Suite struct SourceFormatTests {
    @Test func detectsEverySampleByItsFirstBytes() throws {
        for name in try FileManager.default.contentsOfDirectory(
            atPath: TestData.awardFixture("sam-contract-awards").path)
        where name.hasSuffix(".json") {
            let data = try Data(contentsOf: TestData.awardFixture("sam-contract-awards/\(name)"))
            #expect(SourceFormat.detect(data) == .samJSON, "\(name)")
        }
        let csv = try Data(
            contentsOf: TestData.awardFixture("usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv"))
        #expect(SourceFormat.detect(csv) == .usaspendingCSV)
        for path in [
            "fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml",
            "fpds/dherincx92-fpds/truncated_response.xml",
            "fpds/wamuir-fpds-conversion-utility",
        ] where path.hasSuffix(".xml") {
            #expect(SourceFormat.detect(try Data(contentsOf: TestData.sample(path))) == .fpdsXML, "\(path)")
        }
    }

    @Test(arguments: [
        ("\u{FEFF}\n  {\"awardSummary\": []}", SourceFormat.samJSON),
        ("\"correction_delete_ind\",\"agency_id\",\"contract_transaction_unique_key\"\r\nD,9700,x", .usaspendingCSV),
        ("award_id_piid,modification_number\n", .usaspendingCSV),
        ("<?xml version=\"1.0\"?><feed/>", .fpdsXML),
    ])
    func detectsByPrefix(text: String, format: SourceFormat) {
        #expect(SourceFormat.detect(Data(text.utf8)) == format)
    }

    @Test(arguments: ["", "   \n", "piid,mod\nX,0", "9700_-none-_FA520908P0219_P00004_-none-_0,57497.82,6425.35"])
    func detectsNothingInOtherText(text: String) {
        #expect(SourceFormat.detect(Data(text.utf8)) == nil)
    }

    @Test func namesAreTheStoredSourceNames() {
        #expect(SourceFormat.allCases.map(\.rawValue) == ["fpds-xml", "sam-json", "usaspending-csv"])
    }
}
