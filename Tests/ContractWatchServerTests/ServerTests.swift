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

/// The server over real HTTP (HummingbirdTesting `.live` binds a loopback port), on a store of the
/// real samples: API answers and errors, pages, feeds, tokens and headers.
@Suite(.timeLimit(.minutes(3)))
struct ServerTests {
    private static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }

    @Test func searchFindsTheLiftWithFacetsAndPagesWithoutRepeats() async throws {
        try await SampleServer.withServer { client in
            let first = try await client.execute(uri: "/api/search?q=%22stop+work%22&limit=5", method: .get)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "application/json; charset=utf-8")
            let page = try Self.json(first)
            let actions = try #require(page["actions"] as? [[String: Any]])
            #expect(actions.count == 5)
            #expect(actions.first?["piid"] as? String == "70CMSD24RECON0001")  // the newest: the 2025 lift
            let facets = try #require(page["facets"] as? [String: [[String: Any]]])
            #expect(facets["eventType"]?.contains { $0["value"] as? String == "stop_work_lifted" } == true)
            #expect((page["facetTotal"] as? Int ?? 0) > 10)

            // Walk every page: each action once, newest first.
            var seen: [String] = []
            var cursor = page["nextCursor"] as? String
            seen += actions.map { "\($0["agencyID"]!)/\($0["piid"]!)/\($0["modNumber"]!)/\($0["transactionNumber"]!)" }
            while let next = cursor {
                let response = try await client.execute(
                    uri:
                        "/api/search?q=%22stop+work%22&limit=5&cursor=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? next)",
                    method: .get)
                let body = try Self.json(response)
                let rows = try #require(body["actions"] as? [[String: Any]])
                seen += rows.map { "\($0["agencyID"]!)/\($0["piid"]!)/\($0["modNumber"]!)/\($0["transactionNumber"]!)" }
                cursor = body["nextCursor"] as? String
            }
            #expect(seen.count == page["facetTotal"] as? Int)
            #expect(Set(seen).count == seen.count)
        }
    }

    @Test func badInputIsA400WithAMessageAndNeverADatabaseError() async throws {
        try await SampleServer.withServer { client in
            for (uri, expected) in [
                ("/api/search?bogus=1", "Unknown parameter 'bogus'"),
                ("/api/search?from=2025-13-45", "'from' must be a date as YYYY-MM-DD"),
                ("/api/search?minAmount=lots", "'minAmount' must be a number"),
                ("/api/search?q=%22unterminated", "at character 1, this phrase is never closed"),
                ("/api/search?q=stop%20AND%20work", "at character 6, AND is implied between terms"),
                ("/api/search?q=colour:red", "there is no field"),
                ("/api/search?type=explosion", "'type' must be an event type"),
                ("/api/search?q=" + String(repeating: "a", count: 600), "over 500 characters"),
                ("/api/events?since=yesterday", "'since' must be a date"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                let message = String(buffer: response.body)
                #expect(message.hasPrefix("{\"error\":{\"message\":"), "\(uri): \(message)")
                #expect(message.contains(expected), "\(uri): \(message)")
                #expect(!message.contains("SQLite") && !message.contains("SELECT"), "\(uri): \(message)")
            }
            #expect(try await client.execute(uri: "/api/contracts/0000/NOPE", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/vendors/NOPE", method: .get).status == .notFound)
        }
    }

    @Test func contractVendorAndEventsAnswerWithTheDesignKeys() async throws {
        try await SampleServer.withServer { client in
            let contract = try Self.json(
                try await client.execute(uri: "/api/contracts/7012/70CMSD24RECON0001", method: .get))
            #expect(
                contract["summary"] as? String
                    == "awarded 2024-09-27 → stop-work 2024-10-08 → lifted 2025-08-29 (suspended 325 days)")
            let events = try Self.json(
                try await client.execute(
                    uri: "/api/events?watchlist=commercial-spyware&type=stop_work_lifted", method: .get))
            let lifts = try #require(events["events"] as? [[String: Any]])
            #expect(lifts.count == 1)
            let entries = try #require(lifts.first?["watchlistEntries"] as? [[String: Any]])
            #expect(entries.contains { $0["entryID"] as? String == "paragon-solutions-us" })

            let vendor = try Self.json(try await client.execute(uri: "/api/vendors/SQCFFDXBQJ78", method: .get))
            #expect(vendor["name"] as? String == "PARAGON TECHNOLOGY GROUP, INC.")
            #expect((vendor["contracts"] as? [[String: Any]])?.first?["piid"] as? String == "HHSN316201300006W")

            let openapi = try Self.json(try await client.execute(uri: "/openapi.json", method: .get))
            #expect(openapi["openapi"] as? String == "3.1.0")
            let paths = try #require(openapi["paths"] as? [String: Any])
            for path in [
                "/api/search", "/api/contracts/{agencyID}/{piid}", "/api/events", "/api/vendors/{uei}", "/healthz",
                "/feeds/events.atom", "/feeds/watchlists/{name}.atom",
            ] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }

    @Test func writesNeedATokenAndLandWithOne() async throws {
        let store = try await SampleServer.store.value
        let secret = APIToken.generate()
        try await store.saveToken(
            name: "test-desk", secretHash: APIToken.hash(secret), at: try #require(Timestamp("2026-11-25T00:00:00Z")))
        try await SampleServer.withServer { client in
            let list = ByteBuffer(
                string:
                    #"{"name": "ignored", "entries": [{"id": "ice", "kind": "agency", "name": "ICE", "codes": ["7012"]}]}"#
            )
            let anonymous = try await client.execute(uri: "/api/watchlists/desk", method: .put, body: list)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await client.execute(
                uri: "/api/watchlists/desk", method: .put, headers: [.authorization: "Bearer cw_wrong"], body: list)
            #expect(wrong.status == .unauthorized)

            let saved = try await client.execute(
                uri: "/api/watchlists/desk", method: .put, headers: [.authorization: "Bearer \(secret)"], body: list)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            #expect(try Self.json(saved)["historicalMatches"] as? Int == 3)
            let judged = try await client.execute(
                uri: "/api/watchlists/desk/judgements", method: .post, headers: [.authorization: "Bearer \(secret)"],
                body: ByteBuffer(string: #"{"entryID": "ice", "vendor": "PARAGON SOLUTIONS (US) INC.", "same": false}"#)
            )
            #expect(judged.status == .created, "\(String(buffer: judged.body))")
            #expect(try await store.judgements().contains { $0.note == "token test-desk" })

            // A list is disabled and enabled again, with a token
            #expect(
                try await client.execute(uri: "/api/watchlists/desk/disable", method: .post).status == .unauthorized)
            let disabled = try await client.execute(
                uri: "/api/watchlists/desk/disable", method: .post, headers: [.authorization: "Bearer \(secret)"])
            #expect(disabled.status == .ok)
            #expect(try Self.json(disabled)["enabled"] as? Bool == false)
            let lists = try #require(
                try Self.json(try await client.execute(uri: "/api/watchlists", method: .get))["watchlists"]
                    as? [[String: Any]])
            #expect(lists.first { $0["name"] as? String == "desk" }?["enabled"] as? Bool == false)
            #expect(lists.first { $0["name"] as? String == "commercial-spyware" }?["enabled"] as? Bool == true)
            let enabled = try await client.execute(
                uri: "/api/watchlists/desk/enable", method: .post, headers: [.authorization: "Bearer \(secret)"])
            #expect(try Self.json(enabled)["enabled"] as? Bool == true)
            let unknown = try await client.execute(
                uri: "/api/watchlists/nowhere/disable", method: .post, headers: [.authorization: "Bearer \(secret)"])
            #expect(unknown.status == .notFound)

            let invalid = try await client.execute(
                uri: "/api/watchlists/desk", method: .put, headers: [.authorization: "Bearer \(secret)"],
                body: ByteBuffer(string: #"{"name": "x", "entries": [{"id": "a", "kind": "psc", "name": "no codes"}]}"#)
            )
            #expect(invalid.status == .badRequest)
            #expect(String(buffer: invalid.body).contains("needs at least one code"))

            let huge = try await client.execute(
                uri: "/api/watchlists/desk", method: .put, headers: [.authorization: "Bearer \(secret)"],
                body: ByteBuffer(string: String(repeating: " ", count: 2 << 20)))
            #expect(huge.status == .contentTooLarge)
            let removed = try await client.execute(
                uri: "/api/watchlists/desk", method: .delete, headers: [.authorization: "Bearer \(secret)"])
            #expect(removed.status == .noContent)

            // A built-in list stays: webhooks and feeds subscribe to it by name
            let builtIn = try await client.execute(
                uri: "/api/watchlists/commercial-spyware", method: .delete,
                headers: [.authorization: "Bearer \(secret)"])
            #expect(builtIn.status == .conflict)
            #expect(String(buffer: builtIn.body).contains("built-in watchlist"))
            #expect(String(buffer: builtIn.body).contains("but it can be disabled"))
            #expect(try await client.execute(uri: "/api/watchlists/commercial-spyware", method: .get).status == .ok)
        }
    }

    @Test func pagesRenderEscapedWithTheChartAndTheirFeeds() async throws {
        try await SampleServer.withServer { client in
            let home = try await client.execute(uri: "/?q=stop+work", method: .get)
            #expect(home.status == .ok)
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(home.headers[.xContentTypeOptions] == "nosniff")
            let html = String(buffer: home.body)
            #expect(html.contains("href=\"/contracts/7012/70CMSD24RECON0001\""))
            #expect(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\""))

            let contract = String(
                buffer: try await client.execute(uri: "/contracts/7012/70CMSD24RECON0001", method: .get).body)
            #expect(contract.contains("<svg"))
            #expect(contract.contains("class=\"band band-suspended\""))
            #expect(contract.contains("This modification is to lift the stop work order."))
            #expect(contract.contains("obligated $2,000,000.00"))
            #expect(contract.contains(">$2,000,000</text>"))  // the chart's axis
            #expect(contract.contains("Watchlist <a href=\"/watchlists/commercial-spyware\">"))
            // Each match once, for the contract, with the modifications it was found on; not under every event.
            // (The built-in list's only: another test adds and removes a list of its own meanwhile.)
            let matchBoxes =
                contract.components(
                    separatedBy: "<p class=\"match\">Watchlist <a href=\"/watchlists/commercial-spyware\">"
                ).count - 1
            let apiJSON = try Self.json(
                try await client.execute(uri: "/api/contracts/7012/70CMSD24RECON0001", method: .get))
            let apiEvents = try #require(apiJSON["events"] as? [[String: Any]])
            let distinct = Set(
                apiEvents.flatMap { ($0["watchlistEntries"] as? [[String: Any]]) ?? [] }.filter {
                    $0["watchlist"] as? String == "commercial-spyware"
                }.map {
                    "\($0["watchlist"] ?? "")/\($0["entryID"] ?? "")/\($0["vendorKey"] ?? "")"
                })
            #expect(apiEvents.count > 1 && !distinct.isEmpty)
            #expect(matchBoxes == distinct.count, "\(matchBoxes) boxes for \(distinct.count) matches")
            #expect(contract.contains("Matched on 0, P00001, P00002."))

            let hostile = String(
                buffer: try await client.execute(uri: "/?q=%3Cscript%3Ealert(1)%3C/script%3E", method: .get).body)
            #expect(!hostile.contains("<script>"))
            #expect(hostile.contains("&lt;script&gt;"))

            let missing = try await client.execute(uri: "/contracts/0000/NOPE", method: .get)
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).contains("No contract with agency 0000"))

            let feed = try await client.execute(uri: "/feeds/watchlists/commercial-spyware.atom", method: .get)
            #expect(feed.headers[.contentType] == "application/atom+xml; charset=utf-8")
            #expect(String(buffer: feed.body).contains("<category term=\"stop_work_lifted\"/>"))
            for uri in [
                "/events", "/events?watchlist=commercial-spyware", "/watchlists", "/watchlists/commercial-spyware",
                "/vendors/SQCFFDXBQJ78", "/static/style.css", "/healthz",
            ] {
                #expect(try await client.execute(uri: uri, method: .get).status == .ok, "\(uri)")
            }
        }
    }

    @Test func csvExportStreamsEveryMatchAndSortGoesBothWays() async throws {
        try await SampleServer.withServer { client in
            let csv = try await client.execute(uri: "/api/search.csv?q=%22stop+work%22", method: .get)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("agencyID,piid,modNumber") == true)
            let total =
                try Self.json(try await client.execute(uri: "/api/search?q=%22stop+work%22", method: .get))[
                    "facetTotal"] as? Int
            #expect(lines.count - 1 == total)

            let oldest = try Self.json(
                try await client.execute(uri: "/api/search?q=%22stop+work%22&sort=oldest&limit=1", method: .get))
            let newest = try Self.json(
                try await client.execute(uri: "/api/search?q=%22stop+work%22&limit=1", method: .get))
            let first = ((oldest["actions"] as? [[String: Any]])?.first?["signedDate"] as? String) ?? ""
            let last = ((newest["actions"] as? [[String: Any]])?.first?["signedDate"] as? String) ?? ""
            #expect(!first.isEmpty && first < last)
            #expect(try await client.execute(uri: "/api/search?sort=sideways", method: .get).status == .badRequest)
        }
    }

    @Test func aClientOverItsRateLimitGets429AndUndeclaredMethods405() async throws {
        // One request every 100 s refills the bucket: no machine, however loaded, gets a fourth in.
        let limited = ServerConfiguration(port: 0, requestsPerSecond: 0.01, burst: 3)
        try await SampleServer.withServer(limited) { client in
            for _ in 0..<3 { #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok) }
            let refused = try await client.execute(uri: "/healthz", method: .get)
            #expect(refused.status == .tooManyRequests)
            // A token comes back every 100 s; a loaded machine may have taken seconds over the three.
            let retryAfter = refused.headers[.retryAfter].flatMap { Int($0) } ?? 0
            #expect((1...100).contains(retryAfter))
        }
        try await SampleServer.withServer { client in
            let trace = try await client.execute(uri: "/api/watchlists/commercial-spyware", method: .patch)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, HEAD, PUT, DELETE")
        }
    }

    @Test func webhooksNeedATokenAndAlertsAreListed() async throws {
        let store = try await SampleServer.store.value
        let secret = APIToken.generate()
        try await store.saveToken(
            name: "hooks", secretHash: APIToken.hash(secret), at: try #require(Timestamp("2026-11-25T00:00:00Z")))
        try await SampleServer.withServer { client in
            let alerts = try Self.json(
                try await client.execute(uri: "/api/alerts?watchlist=commercial-spyware", method: .get))
            let list = try #require(alerts["alerts"] as? [[String: Any]])
            #expect(list.contains { ($0["event"] as? [String: Any])?["type"] as? String == "stop_work_lifted" })
            #expect(list.allSatisfy { ($0["id"] as? String)?.hasPrefix("al_") == true })

            let body = ByteBuffer(
                string: #"{"url": "https://newsroom.example/hooks", "watchlist": "commercial-spyware"}"#)
            #expect(try await client.execute(uri: "/api/webhooks", method: .post, body: body).status == .unauthorized)
            let auth: HTTPFields = [.authorization: "Bearer \(secret)"]
            let created = try await client.execute(uri: "/api/webhooks", method: .post, headers: auth, body: body)
            #expect(created.status == .created)
            let hook = try Self.json(created)
            #expect((hook["secret"] as? String)?.hasPrefix("whsec_") == true)
            #expect(hook["format"] as? String == "json")
            let slack = try await client.execute(
                uri: "/api/webhooks", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"url": "https://hooks.slack.com/services/T0/B0/x", "format": "slack"}"#))
            #expect(slack.status == .created)
            #expect(try Self.json(slack)["format"] as? String == "slack")
            let unknownFormat = try await client.execute(
                uri: "/api/webhooks", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"url": "https://newsroom.example/x", "format": "xml"}"#))
            #expect(unknownFormat.status == .badRequest)
            #expect(String(buffer: unknownFormat.body).contains("'format' must be one of 'json', 'slack'"))
            let listed = String(
                buffer: try await client.execute(uri: "/api/webhooks", method: .get, headers: auth).body)
            #expect(listed.contains("https://newsroom.example/hooks"))
            #expect(listed.contains(#""format":"slack""#))
            #expect(!listed.contains(hook["secret"] as? String ?? "-"))
            let bad = try await client.execute(
                uri: "/api/webhooks", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"url": "file:///etc/passwd"}"#))
            #expect(bad.status == .badRequest)
            for id in [hook["id"] as? Int, try Self.json(slack)["id"] as? Int] {
                #expect(
                    try await client.execute(uri: "/api/webhooks/\(try #require(id))", method: .delete, headers: auth)
                        .status == .noContent)
            }
        }
    }

    @Test func aLongContractListsItsModificationsTwentyFiveAtATimeNewestFirst() async throws {
        try await SampleServer.withServer { client in
            // Given the samples' longest contract (a Navy IDV), as the API lists it
            let contract = "/contracts/9700/N0001915D0003"
            let api = try Self.json(try await client.execute(uri: "/api" + contract, method: .get))
            let mods = try #require(api["actions"] as? [[String: Any]]).compactMap { $0["modNumber"] as? String }
            try #require(mods.count > 50 && mods.count <= 75 && Set(mods).count == mods.count)
            func listed(_ html: String) -> [String] {
                html.components(separatedBy: "<li id=\"mod-").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            }

            // When its page is read, then it lists the newest 25, oldest first, numbered as in the contract
            let newest = try await client.execute(uri: contract, method: .get)
            #expect(newest.status == .ok)
            let first = String(buffer: newest.body)
            #expect(listed(first) == Array(mods.suffix(25)))
            #expect(first.contains("<ol class=\"mods\" start=\"\(mods.count - 24)\">"))
            #expect(first.contains("Modifications \(mods.count - 24)–\(mods.count) of \(mods.count), page 1 of 3"))
            #expect(first.contains("<svg"))  // the chart and summary stay the whole contract's
            #expect(!first.contains("Later modifications"))

            // and following its links to earlier ones reaches every modification once, in order
            var pages = [listed(first)]
            var html = first
            while pages.count < 10,
                let link = html.components(separatedBy: "<a href=\"").dropFirst().first(where: {
                    $0.contains("\">Earlier modifications</a>")
                })?.prefix(while: { $0 != "\"" })
            {
                #expect(link == "\(contract)?page=\(pages.count + 1)")
                html = String(buffer: try await client.execute(uri: String(link), method: .get).body)
                #expect(html.contains("<a href=\"\(contract)?page=\(pages.count)\">Later modifications</a>"))
                pages.append(listed(html))
            }
            #expect(pages.reversed().flatMap { $0 } == mods)
            #expect(html.contains("<ol class=\"mods\" start=\"1\">"))
            let oldestPage = html

            // and a link to one modification opens the page that lists it
            let oldest = String(buffer: try await client.execute(uri: contract + "?mod=\(mods[0])", method: .get).body)
            #expect(listed(oldest) == listed(oldestPage))
            let feed = String(buffer: try await client.execute(uri: "/feeds\(contract).atom", method: .get).body)
            let linked = try #require(
                feed.components(separatedBy: "<link rel=\"alternate\" type=\"text/html\" href=\"").dropFirst().first?
                    .prefix {
                        $0 != "\""
                    })
            let target = try #require(URLComponents(string: String(linked)))
            let anchored = String(
                buffer: try await client.execute(uri: target.path + "?" + (target.query ?? ""), method: .get).body)
            #expect(anchored.contains("<li id=\"\(target.fragment ?? "none")\""), "\(linked)")

            // and a page or modification it does not have is a clear error
            let beyond = try await client.execute(uri: contract + "?page=4", method: .get)
            #expect(beyond.status == .badRequest)
            #expect(String(buffer: beyond.body).contains("must be a whole number from 1 to 3, not &#39;4&#39;"))
            #expect(try await client.execute(uri: contract + "?page=x", method: .get).status == .badRequest)
            let unknown = try await client.execute(uri: contract + "?mod=P99999", method: .get)
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("This contract has no modification P99999."))
        }
    }

    @Test func aLongContractsJSONPagesThroughEveryActionOnceByItsCursor() async throws {
        try await SampleServer.withServer { client in
            // Given the samples' longest contract as one page
            let contract = "/api/contracts/9700/N0001915D0003"
            let whole = try Self.json(try await client.execute(uri: contract + "?limit=1000", method: .get))
            let actions = try #require(whole["actions"] as? [[String: Any]])
            #expect(actions.count > 50 && whole["actionCount"] as? Int == actions.count)
            #expect(whole["nextCursor"] is NSNull)
            // which is the default page too: a hundred actions
            let first = try Self.json(try await client.execute(uri: contract, method: .get))
            #expect(NSDictionary(dictionary: first) == NSDictionary(dictionary: whole))

            // When it is read 20 actions at a time, following nextCursor
            var pages: [[String: Any]] = []
            var uri: String? = contract + "?limit=20"
            while let next = uri, pages.count < 10 {
                let response = try await client.execute(uri: next, method: .get)
                #expect(response.status == .ok)
                let page = try Self.json(response)
                pages.append(page)
                uri = (page["nextCursor"] as? String).map {
                    contract + "?limit=20&cursor="
                        + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)
                }
            }

            // Then the pages list every action once, in order, each with its own money, events and versions
            #expect(pages.count == (actions.count + 19) / 20)
            func all(_ key: String) -> [NSDictionary] {
                pages.flatMap { ($0[key] as? [[String: Any]] ?? []).map { NSDictionary(dictionary: $0) } }
            }
            #expect(all("actions") == actions.map { NSDictionary(dictionary: $0) })
            for key in ["obligations", "events", "versions"] {
                let listed = (whole[key] as? [[String: Any]] ?? []).map { NSDictionary(dictionary: $0) }
                #expect(Set(all(key)) == Set(listed) && all(key).count == listed.count, "\(key)")
            }
            #expect(pages.dropLast().allSatisfy { ($0["actions"] as? [Any])?.count == 20 })
            // and every page tells the whole contract's state, summary and suspensions
            for page in pages {
                for key in ["state", "summary", "completionDate", "states", "suspensions", "actionCount"] {
                    #expect((page[key] as? NSObject) == (whole[key] as? NSObject), "\(key)")
                }
            }

            // and a cursor that is not one of this contract's is a clear error
            for (query, expected) in [
                ("?cursor=bogus", "'cursor' is not one this server gave out."),
                ("?cursor=20~12345", "'cursor' is not one of this contract's."),
                ("?limit=0", "'limit' must be a whole number from 1 to 1000."),
                ("?page=2", "Unknown parameter 'page'"),
            ] {
                let response = try await client.execute(uri: contract + query, method: .get)
                #expect(response.status == .badRequest, "\(query)")
                #expect(String(buffer: response.body).contains(expected), "\(query)")
            }
        }
    }
}

/// A contract with deleted modifications, as the API and the contract page show them.
@Suite(.timeLimit(.minutes(3)))
struct DeletedActionServerTests {
    @Test func theContractShowsItsDeletedModificationsAsDeleted() async throws {
        // Given a State Department contract's pages, and its second page read again as a DELETED-feed
        // page (real public entries: DELETED-feed entries have the same shape)
        let store = try SQLiteStore.inMemory()
        let directory = TestData.sample("fpds/kenosa-atom-harvest/SAQMMA12C1103__f69f81b8c082")
        let pipeline = IngestPipeline(store: store)
        _ = try await pipeline.run(paths: [directory.path])
        let deleted = try await pipeline.run(
            paths: [directory.appendingPathComponent("page-0001-start-10.xml").path], asDeletions: true)
        #expect(deleted.newVersions == 10)

        let app = try buildApplication(
            store: store, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            // Then the API marks those ten deleted, each with only a record_deleted event
            let api = try await client.execute(uri: "/api/contracts/1900/SAQMMA12C1103", method: .get)
            let contract = try #require(
                try JSONSerialization.jsonObject(with: Data(String(buffer: api.body).utf8)) as? [String: Any])
            let actions = try #require(contract["actions"] as? [[String: Any]])
            let deletedMods = Set(
                actions.filter { $0["deleted"] as? Bool == true }.compactMap { $0["modNumber"] as? String })
            let secondPage: Set<String> = [
                "M009", "M010", "M011", "M012", "M013", "M014", "M015", "M016", "M017", "M018",
            ]
            #expect(deletedMods == secondPage)
            #expect(actions.filter { $0["modNumber"] as? String == "M001" }.allSatisfy { $0["deleted"] == nil })
            let events = try #require(contract["events"] as? [[String: Any]])
            let ofDeleted = events.filter { deletedMods.contains($0["modNumber"] as? String ?? "") }
            #expect(ofDeleted.count == 10 && ofDeleted.allSatisfy { $0["type"] as? String == "record_deleted" })

            // and the page that lists them shows them deleted, with when and where the deletion was seen
            let html = String(
                buffer: try await client.execute(uri: "/contracts/1900/SAQMMA12C1103?mod=M009", method: .get).body)
            #expect(html.contains("<li id=\"mod-M009\" class=\"deleted\">"))
            let firstMod = String(
                buffer: try await client.execute(uri: "/contracts/1900/SAQMMA12C1103?mod=M001", method: .get).body)
            #expect(firstMod.contains("<li id=\"mod-M001\">"))
            #expect(html.contains("FPDS&#39;s DELETED feed; not counted in the contract's totals"))
            #expect(html.contains("mod M009 deleted"))
        }
    }
}
