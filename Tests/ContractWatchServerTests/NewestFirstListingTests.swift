import ContractWatchCore
import ContractWatchServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What a reader subscribes to and pages through: events newest first with cursors, the same
/// filters on the API, the events page and the feeds, and feeds that answer "not modified".
@Suite(.timeLimit(.minutes(3)))
struct NewestFirstListingTests {
    private static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }

    @Test func apiEventsComeNewestFirstAndTheCursorsReadEachOnce() async throws {
        try await SampleServer.withServer { client in
            // The first page opens on the newest lift, the 2025 Paragon one
            let lifts = try Self.json(
                try await client.execute(uri: "/api/events?type=stop_work_lifted&limit=1", method: .get))
            let newest = try #require((lifts["events"] as? [[String: Any]])?.first)
            #expect(newest["piid"] as? String == "70CMSD24RECON0001")
            #expect(lifts["nextCursor"] is String)

            // Following nextCursor reads every lift once, dates never rising
            var seen: [String] = []
            var dates: [String] = []
            var uri = "/api/events?type=stop_work_lifted&limit=4"
            while true {
                let page = try Self.json(try await client.execute(uri: uri, method: .get))
                for event in try #require(page["events"] as? [[String: Any]]) {
                    seen.append(try #require(event["id"] as? String))
                    dates.append(event["date"] as? String ?? "")
                }
                guard let cursor = page["nextCursor"] as? String else { break }
                uri = "/api/events?type=stop_work_lifted&limit=4&cursor=\(cursor)"
            }
            #expect(seen.count == 13 && Set(seen).count == 13)
            #expect(dates == dates.sorted(by: >))

            // A department's code finds its agencies' events; a cursor this server never gave is a 400
            let defense = try Self.json(
                try await client.execute(uri: "/api/events?type=stop_work_lifted&agency=9700", method: .get))
            #expect((defense["events"] as? [[String: Any]])?.isEmpty == false)
            let forged = try await client.execute(uri: "/api/events?cursor=nonsense", method: .get)
            #expect(forged.status == .badRequest)
        }
    }

    @Test func theEventsPageListsNewestFirstWithVendorsAndALinkToOlderEvents() async throws {
        try await SampleServer.withServer { client in
            let page = String(buffer: try await client.execute(uri: "/events?type=stop_work_lifted", method: .get).body)
            // The 2025 lift comes first, its vendor and agency named
            let items = page.components(separatedBy: "<div class=\"event ").dropFirst()
            #expect(items.count == 13)
            let first = try #require(items.first)
            #expect(first.contains("70CMSD24RECON0001") && first.contains("PARAGON SOLUTIONS (US) INC."))
            #expect(first.contains("(7012)"))
            let all = String(buffer: try await client.execute(uri: "/events", method: .get).body)
            #expect(all.contains("rel=\"next\""))
        }
    }

    @Test func listingsNameTheAgencyAndItsDepartment() async throws {
        try await SampleServer.withServer { client in
            let search = String(
                buffer: try await client.execute(uri: "/?q=stop+work&agency=2100", method: .get).body)
            #expect(search.contains("<td>DEPT OF THE ARMY (2100), DEPT OF DEFENSE (9700)</td>"))
            let contract = String(
                buffer: try await client.execute(uri: "/contracts/9700/W52P1J19D0044", method: .get).body)
            #expect(contract.contains("Agency: DEPT OF THE ARMY (2100), DEPT OF DEFENSE (9700)."))
            let events = String(
                buffer: try await client.execute(uri: "/events?agency=2100&type=stop_work_lifted", method: .get).body)
            #expect(events.contains("DEPT OF THE ARMY (2100), DEPT OF DEFENSE (9700)"))
        }
    }

    @Test func feedsNameTheVendorAndAnswerConditionalRequests() async throws {
        try await SampleServer.withServer { client in
            let path = "/feeds/events.atom?type=stop_work_lifted"
            let feed = try await client.execute(uri: path, method: .get)
            #expect(feed.status == .ok)
            let body = String(buffer: feed.body)
            #expect(body.contains("<title>stop_work_lifted: PARAGON SOLUTIONS (US) INC. — "))
            let etag = try #require(feed.headers[.eTag])
            let modified = try #require(feed.headers[.lastModified])

            // The same copy asked again by its tag, or by its date, is not sent again
            let byTag = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag])
            #expect(byTag.status == .notModified && byTag.body.readableBytes == 0)
            let byDate = try await client.execute(uri: path, method: .get, headers: [.ifModifiedSince: modified])
            #expect(byDate.status == .notModified)
            // Another filter is another feed, with another tag
            let other = try await client.execute(
                uri: "/feeds/events.atom?type=stop_work_issued", method: .get, headers: [.ifNoneMatch: etag])
            #expect(other.status == .ok)
            #expect(other.headers[.eTag] != etag)
        }
    }
}
