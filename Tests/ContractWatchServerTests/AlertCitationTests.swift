import ContractWatchCore
import ContractWatchServer
import ContractWatchStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// The citation pack of the defining case, the Paragon stop-work lift, as `/api/alerts/{id}`, the
/// alert listing and the feeds serve it; and the listing's pages.
@Suite(.timeLimit(.minutes(3)))
struct AlertCitationTests {
    private static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }

    @Test func theLiftsAlertCarriesItsCitationPack() async throws {
        try await SampleServer.withServer { client in
            let listing = try await client.execute(
                uri: "/api/alerts?watchlist=commercial-spyware&limit=1000", method: .get)
            let listed = try Self.json(listing)
            let alerts = try #require(listed["alerts"] as? [[String: Any]])
            let lift = try #require(
                alerts.first { ($0["event"] as? [String: Any])?["type"] as? String == "stop_work_lifted" })
            let id = try #require(lift["id"] as? String)

            // The alert alone is the same object, pack included
            let shown = try await client.execute(uri: "/api/alerts/\(id)", method: .get)
            #expect(shown.status == .ok)
            // byte for byte as listed
            #expect(String(buffer: listing.body).contains(String(buffer: shown.body)))
            let alert = try Self.json(shown)
            let citation = try #require(alert["citation"] as? [String: Any])

            // Links to the FPDS record and the USAspending award page
            let links = try #require(citation["links"] as? [String: Any])
            #expect((links["fpds"] as? String)?.hasPrefix("https://www.fpds.gov/ezsearch/") == true)
            #expect(
                links["usaspending"] as? String
                    == "https://www.usaspending.gov/award/CONT_AWD_70CMSD24RECON0001_7012_-NONE-_-NONE-")
            #expect(links["sam"] is NSNull)
            // The version: its hash and when it was first seen, from FPDS
            #expect((citation["contentHash"] as? String)?.count == 64)
            #expect((citation["firstSeen"] as? String)?.isEmpty == false)
            #expect(citation["sourceLabel"] as? String == "FPDS")
            // The quoted evidence with its offsets
            let evidence = try #require((citation["evidence"] as? [[String: Any]])?.first { $0["text"] != nil })
            #expect(evidence["text"] as? String == "This modification is to lift the stop work order.")
            #expect(evidence["start"] is Int && evidence["end"] is Int)
            // Vendor, agency and amounts
            #expect((citation["vendor"] as? [String: Any])?["name"] as? String == "PARAGON SOLUTIONS (US) INC.")
            #expect((citation["agency"] as? [String: Any])?["code"] as? String == "7012")
            let amounts = try #require(citation["amounts"] as? [String: Any])
            #expect(amounts["totalObligated"] is NSNumber)
            // The timeline summary
            #expect(
                (citation["timeline"] as? String)?.contains(
                    "awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29")
                    == true)

            // The feeds carry the same pack in each entry
            let feed = String(
                buffer: try await client.execute(uri: "/feeds/watchlists/commercial-spyware.atom", method: .get).body)
            #expect(
                feed.contains(
                    "USAspending award: https://www.usaspending.gov/award/CONT_AWD_70CMSD24RECON0001_7012_-NONE-_-NONE-"
                ))
            #expect(feed.contains("Timeline: awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29"))

            let missing = try await client.execute(uri: "/api/alerts/al_0000000000000000", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func alertsComeNewestFirstInPagesThatFollowTheirCursor() async throws {
        try await SampleServer.withServer { client in
            let whole = try Self.json(try await client.execute(uri: "/api/alerts?limit=1000", method: .get))
            let all = try #require(whole["alerts"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(all.count > 2)
            #expect(whole["nextCursor"] is NSNull)

            // Pages of two, each from the previous page's cursor, give the same alerts in the same order
            var paged: [String] = []
            var cursor: String?
            repeat {
                let uri =
                    "/api/alerts?limit=2"
                    + (cursor.map {
                        "&cursor=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                    }
                        ?? "")
                let page = try Self.json(try await client.execute(uri: uri, method: .get))
                paged += try #require(page["alerts"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil && paged.count <= all.count
            #expect(paged == all)

            let created = try #require(whole["alerts"] as? [[String: Any]]).compactMap { $0["createdAt"] as? String }
            #expect(created == created.sorted(by: >))
            let bad = try await client.execute(uri: "/api/alerts?cursor=nonsense", method: .get)
            #expect(bad.status == .badRequest)
        }
    }
}
