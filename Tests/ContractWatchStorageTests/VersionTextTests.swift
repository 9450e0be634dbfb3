import Foundation
import Testing

@testable import ContractWatchStorage

/// How a version's repeated texts and its hash are kept (`VersionText`, `ContentHash`).
struct VersionTextTests {
    @Test(arguments: [
        // FPDS's link to a record, as the samples' ATOM entries give it.
        "https://www.fpds.gov/ezsearch/search.do?s=FPDS&indexName=awardfull&templateName=1.4.4&q=DOLOPS15T00043+1605+",
        // USAspending's permalink.
        "https://www.usaspending.gov/award/CONT_AWD_70CMSD24C00000001_7012_-NONE-_-NONE-",
        "q=", "/", "no separator at all", "", "é/ü=ß",
    ])
    func aLinkIsKeptAsItsAddressAndTheRest(link: String) {
        let parts = VersionText.parts(ofLink: link)
        #expect((parts.address ?? "") + parts.rest == link)
        #expect(parts.rest.contains("/") == false && parts.rest.contains("=") == false)
        if let address = parts.address { #expect(address.hasSuffix("/") || address.hasSuffix("=")) }
    }

    @Test func anFPDSLinksAddressIsWhatItsRecordsShare() {
        let parts = VersionText.parts(
            ofLink:
                "https://www.fpds.gov/ezsearch/search.do?s=FPDS&indexName=awardfull&templateName=1.5.3&q=70CMSD24C00000001+7012+"
        )
        #expect(
            parts.address == "https://www.fpds.gov/ezsearch/search.do?s=FPDS&indexName=awardfull&templateName=1.5.3&q=")
        #expect(parts.rest == "70CMSD24C00000001+7012+")
    }

    @Test func aHashIsKeptAsItsBytes() throws {
        let hex = "1b884acf9d813e85bd26cfbadb9cda8032e2b7db47e6c5acc568e855b3bd8696"
        let bytes = try #require(ContentHash.bytes(hex))
        #expect(bytes.count == 32)
        #expect(bytes.map { String(format: "%02x", $0) }.joined() == hex)
        #expect(ContentHash.bytes(hex.uppercased()) == bytes)
        #expect(ContentHash.bytes(String(hex.dropLast())) == nil)
        #expect(ContentHash.bytes(String(hex.dropLast()) + "g") == nil)
        #expect(ContentHash.bytes("") == nil)
    }
}
