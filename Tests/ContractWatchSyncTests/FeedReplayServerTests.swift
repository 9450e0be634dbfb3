import FPDS
import FeedReplay
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The replay server itself, over real HTTP: recorded pages byte for byte, the simulated feed's
/// paging and links, every fault, the SAM.gov API's paging, caps and keys, and the request log.
@Suite(.timeLimit(.minutes(3)))
struct FeedReplayServerTests {
    static let harvest = TestData.sample("fpds/kenosa-atom-harvest")
    static let dyncorp = harvest.appendingPathComponent("N0001915D0003__7dce87dd6b44")
    static let dyncorpQuery = #"PIID:"N0001915D0003""#

    /// Every entry of every harvested page, read once for the whole suite.
    static let harvestEntries = Result { try FeedEntry.entries(inPages: TestData.xmlFiles(under: harvest)) }

    // MARK: - Recorded mode

    @Test func recordedPagesComeBackByteForByte() async throws {
        let daae = Self.harvest.appendingPathComponent("DAAE0700DS022__814f62bf648b")
        let configuration = FeedReplayServer.Configuration(recorded: [
            RecordedQuery(query: Self.dyncorpQuery, directory: Self.dyncorp),
            RecordedQuery(query: #"PIID:"DAAE0700DS022""#, directory: daae),
        ])
        try await FeedReplayServer.withServer(configuration) { server in
            let files = TestData.xmlFiles(under: Self.dyncorp)
            #expect(files.count == 7)
            for file in files {
                let start = try #require(Int(file.deletingPathExtension().lastPathComponent.split(separator: "-")[3]))
                // Spacing differs from the recording's: runs of whitespace do not matter.
                let response = try await HTTP.get(
                    Self.feedURL(server, query: "  PIID:\"N0001915D0003\"   ", start: start))
                #expect(response.status == 200)
                #expect(response.contentType == "application/xml; charset=utf-8")
                #expect(response.body == (try Data(contentsOf: file)), "\(file.lastPathComponent)")
            }

            // Past the end: the directory's own empty page, whatever the start.
            let emptyPage = try Data(contentsOf: daae.appendingPathComponent("page-0005-start-50.xml"))
            for start in [50, 90] {
                let response = try await HTTP.get(Self.feedURL(server, query: #"PIID:"DAAE0700DS022""#, start: start))
                #expect(response.body == emptyPage)
            }

            // No empty page recorded: a synthesized one whose `last` is the recording's.
            let synthesized = try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 70))
            let (entries, summary) = FPDSParser().parseAll(synthesized.body, file: "start=70")
            #expect(entries.isEmpty && summary.error == nil && summary.kind == .atomFeed)
            #expect(summary.feed?.last?.hasSuffix("start=60") == true)
            #expect(summary.feed?.next == nil)

            let unknown = try await HTTP.get(Self.feedURL(server, query: #"PIID:"NOPE""#, start: 0))
            #expect(unknown.status == 404)
        }
    }

    // MARK: - Simulated mode

    @Test func simulatedPagesServeEveryEntryOnceWithFPDSLinks() async throws {
        let feed = SimulatedFeed(entries: try Self.harvestEntries.get())
        try await FeedReplayServer.withServer(FeedReplayServer.Configuration(simulated: feed)) { server in
            // Walk the `next` links, which point at the replay server.
            var url: String? = Self.feedURL(server, query: Self.dyncorpQuery, start: 0)
            var served: [String] = []
            var pages: [FPDSFeedInfo] = []
            while let next = url {
                let response = try await HTTP.get(next)
                #expect(response.status == 200)
                let (entries, summary) = FPDSParser().parseAll(response.body, file: next)
                #expect(summary.error == nil)
                served += try entries.map { try $0.get().rawXML }
                let info = try #require(summary.feed)
                pages.append(info)
                url = info.next
                #expect(url == nil || url?.hasPrefix(server.feedURL) == true)
            }
            let expected = try FeedEntry.entries(inPages: TestData.xmlFiles(under: Self.dyncorp)).map(\.xml)
            #expect(served.count == 69)
            #expect(Set(served).count == served.count)
            #expect(Set(served) == Set(expected))

            // FPDS's link sets: page 0 has last and next; later pages add first and previous; the
            // last page has no next; every page's `last` says start=60.
            #expect(pages.count == 7)
            #expect(Set(pages[0].links.keys) == ["alternate", "last", "next"])
            #expect(Set(pages[3].links.keys) == ["alternate", "first", "last", "previous", "next"])
            #expect(Set(pages[6].links.keys) == ["alternate", "first", "last", "previous"])
            #expect(pages.allSatisfy { $0.last?.hasSuffix("&start=60") == true })
            #expect(pages[3].links["previous"]?.hasSuffix("&start=20") == true)

            // The feed header is FPDS's, byte for byte, once the links' origin is FPDS's.
            let page = try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 10))
            let real = try String(
                contentsOf: Self.dyncorp.appendingPathComponent("page-0001-start-10.xml"), encoding: .utf8)
            let simulatedHeader = try #require(
                String(data: page.body, encoding: .utf8)?.components(separatedBy: "  <entry>").first)
            #expect(
                simulatedHeader.replacingOccurrences(of: server.baseURL, with: "https://www.fpds.gov")
                    == real.components(separatedBy: "  <entry>").first)
            #expect(String(data: page.body, encoding: .utf8)?.hasSuffix("  </entry>\n</feed>") == true)

            // Past the end: a valid empty page pointing back.
            let past = try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 100))
            let (none, pastSummary) = FPDSParser().parseAll(past.body, file: "past")
            #expect(none.isEmpty && pastSummary.feed?.next == nil)
            #expect(pastSummary.feed?.last?.hasSuffix("&start=60") == true)
        }
    }

    @Test func simulatedQueriesCombineTermsAndRejectUnknownFields() async throws {
        let all = try Self.harvestEntries.get()
        let deleted = try FeedEntry.entries(
            inPage: Self.harvest.appendingPathComponent("AIDDOTI000300004__189d89020636/page-0000-start-0.xml"))
        let feed = SimulatedFeed(entries: all, deletedEntries: deleted)
        try await FeedReplayServer.withServer(FeedReplayServer.Configuration(simulated: feed)) { server in
            let query = #"LAST_MOD_DATE:[2019/01/01,2019/12/31] AGENCY_CODE:"9700" CONTRACT_TYPE:"IDV""#
            let expected = all.filter {
                $0.lastModified?.year == 2019 && $0.agencyID == "9700" && $0.kind.isIDV
            }
            #expect(expected.count > 10)
            var served: [String] = []
            for start in stride(from: 0, to: 200, by: 10) {
                let page = try await HTTP.get(Self.feedURL(server, query: query, start: start))
                let entries = FPDSParser().parseAll(page.body, file: "\(start)").entries
                served += try entries.map { try $0.get().rawXML }
                if entries.count < 10 { break }
            }
            #expect(served == SimulatedFeed(entries: expected).entries.map(\.xml))

            let unknown = try await HTTP.get(Self.feedURL(server, query: #"VENDOR_NAME:"DYNCORP""#, start: 0))
            #expect(unknown.status == 400)
            #expect(unknown.contentType == "text/plain; charset=utf-8")
            #expect(String(decoding: unknown.body, as: UTF8.self).contains("VENDOR_NAME"))
            let badDate = try await HTTP.get(
                Self.feedURL(server, query: "LAST_MOD_DATE:[2019-01-01,2019-12-31]", start: 0))
            #expect(badDate.status == 400)

            // The DELETED feed is the separate list.
            let deletedPage = try await HTTP.get(
                Self.feedURL(server, query: #"PIID:"AIDDOTI000300004""#, start: 0, feed: "DELETED"))
            #expect(
                try FPDSParser().parseAll(deletedPage.body, file: "deleted").entries.map { try $0.get().rawXML }
                    == SimulatedFeed(entries: deleted).entries.map(\.xml))
            let noDeleted = try await HTTP.get(
                Self.feedURL(server, query: Self.dyncorpQuery, start: 0, feed: "DELETED"))
            #expect(FPDSParser().parseAll(noDeleted.body, file: "none").entries.isEmpty)
        }
    }

    @Test func entriesInheritOnlyTheNamespacesTheirFeedDeclared() throws {
        // The real pages declare ns1 on every entry: entries come out byte for byte.
        let file = Self.dyncorp.appendingPathComponent("page-0000-start-0.xml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let entries = try FeedEntry.entries(inPage: file)
        #expect(entries.count == 10)
        #expect(entries.allSatisfy { $0.xml.hasPrefix("<entry>") && text.contains($0.xml) })

        // The same page with ns1 declared only on <feed>: the declaration moves onto each entry.
        let uri = "https://www.fpds.gov/FPDS"
        let moved = text.replacingOccurrences(of: " xmlns:ns1=\"\(uri)\"", with: "")
            .replacingOccurrences(
                of: "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                with: "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:ns1=\"\(uri)\">")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rootOnly = directory.appendingPathComponent("page-0000-start-0.xml")
        try moved.write(to: rootOnly, atomically: true, encoding: .utf8)
        let inherited = try FeedEntry.entries(inPage: rootOnly)
        #expect(inherited.map(\.piid) == entries.map(\.piid))
        #expect(inherited.allSatisfy { $0.xml.hasPrefix("<entry xmlns:ns1=\"\(uri)\">") })
        // Each entry now stands alone under an Atom root without namespace declarations.
        for entry in inherited {
            let document = "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  \(entry.xml)\n</feed>"
            let parsed = FPDSParser().parseAll(Data(document.utf8), file: "standalone")
            #expect(parsed.summary.error == nil)
            #expect(try parsed.entries.first?.get().record.id.piid == "N0001915D0003")
        }
    }

    // MARK: - Faults

    @Test func statusHTMLTruncationAndDroppedConnectionFaults() async throws {
        let feed = SimulatedFeed(entries: try FeedEntry.entries(inPages: TestData.xmlFiles(under: Self.dyncorp)))
        let configuration = FeedReplayServer.Configuration(
            simulated: feed, faults: [FeedReplayServer.Fault(.status(500), on: .feedPage(start: 10), times: 2)])
        try await FeedReplayServer.withServer(configuration) { server in
            let page10 = Self.feedURL(server, query: Self.dyncorpQuery, start: 10)
            #expect(try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 0)).status == 200)
            #expect(try await HTTP.get(page10).status == 500)
            #expect(try await HTTP.get(page10).status == 500)
            let normal = try await HTTP.get(page10)
            #expect(normal.status == 200)
            #expect(server.pendingFaults.isEmpty)

            // Shaping faults due together form a queue: 503, then the HTML page, then truncation.
            server.inject(FeedReplayServer.Fault(.status(503)))
            server.inject(FeedReplayServer.Fault(.htmlErrorPage))
            server.inject(FeedReplayServer.Fault(.truncatedBody(bytes: 1000)))
            #expect(try await HTTP.get(page10).status == 503)
            let html = try await HTTP.get(page10)
            #expect(html.status == 200)
            #expect(html.contentType == "text/html; charset=utf-8")
            #expect(String(decoding: html.body, as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
            let truncated = try await HTTP.get(page10)
            #expect(truncated.status == 200)
            #expect(truncated.body == normal.body.prefix(1000))
            #expect(FPDSParser().parseAll(truncated.body, file: "truncated").summary.error != nil)

            server.inject(FeedReplayServer.Fault(.droppedConnection(afterBytes: 1000), on: .feedPage(start: 10)))
            await #expect(throws: (any Error).self) { try await HTTP.get(page10) }
            #expect(try await HTTP.get(page10).body == normal.body)

            // The log: page 10 fetched 8 times, with the faults each request got.
            let page10Requests = server.requests.filter { $0.start == 10 }
            #expect(page10Requests.count == 8)
            #expect(page10Requests.map(\.status) == [500, 500, 200, 503, 200, 200, 200, 200])
            #expect(page10Requests[0].faults == [.status(500)])
            #expect(page10Requests[6].faults == [.droppedConnection(afterBytes: 1000)])
            #expect(page10Requests[0][parameter: "q"] == Self.dyncorpQuery)
            #expect(page10Requests[0].path == "/ezsearch/FEEDS/ATOM")
        }
    }

    @Test func delaysHoldTheAnswerAndEndAtShutdown() async throws {
        let feed = SimulatedFeed(entries: try FeedEntry.entries(inPages: TestData.xmlFiles(under: Self.dyncorp)))
        let server = try await FeedReplayServer.start(FeedReplayServer.Configuration(simulated: feed))
        let url = Self.feedURL(server, query: Self.dyncorpQuery, start: 0)
        let clock = ContinuousClock()
        do {
            server.inject(FeedReplayServer.Fault(.delay(.milliseconds(300))))
            let started = clock.now
            #expect(try await HTTP.get(url).status == 200)
            #expect(clock.now - started >= .milliseconds(300))

            // A client that gives up first sees a timeout; the server's long delay does not hold shutdown.
            server.inject(FeedReplayServer.Fault(.delay(.seconds(600))))
            await #expect(throws: (any Error).self) { try await HTTP.get(url, timeout: 0.3) }
        } catch {
            try? await server.shutdown()
            throw error
        }
        let stopping = clock.now
        try await server.shutdown()
        // Far less than the ten minutes the delay asked for, even on a loaded machine.
        #expect(clock.now - stopping < .seconds(90))
        // No request after shutdown: one that reaches the listener while it closes is accepted and
        // never served, which traps in NIO's debug builds ("Deinited NIOAsyncWriter without calling
        // finish()", apple/swift-nio#3481) and takes the whole test process down.
    }

    @Test func insertedEntryRepeatsTheLastEntryOfThePageBefore() async throws {
        let entries = try FeedEntry.entries(inPages: TestData.xmlFiles(under: Self.dyncorp))
        let late = try #require(entries.last)
        let feed = SimulatedFeed(entries: entries.filter { $0 != late })
        // Given a client that has read page 0, when a record appears at the front before page 1…
        let configuration = FeedReplayServer.Configuration(
            simulated: feed,
            faults: [FeedReplayServer.Fault(.shift(.insertAtFront(late)), on: .feedPage(start: 10))])
        try await FeedReplayServer.withServer(configuration) { server in
            let page0 = try Self.entryTexts(
                try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 0)))
            let page1 = try Self.entryTexts(
                try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 10)))
            // …then page 1 starts with page 0's last entry, and the new record went onto page 0, already read.
            #expect(page1.first == page0.last)
            #expect(!page0.contains(late.xml) && !page1.contains(late.xml))
            let again = try Self.entryTexts(
                try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 0)))
            #expect(again.first == late.xml)
            #expect(server.requests.map(\.faults) == [[], [.shift(.insertAtFront(late))], []])
        }
    }

    @Test func removedEntryMovesOntoAPageAlreadyReadAfterA500() async throws {
        let feed = SimulatedFeed(entries: try FeedEntry.entries(inPages: TestData.xmlFiles(under: Self.dyncorp)))
        // The first serve of start=10 is a 500; the feed loses its first entry before the second.
        let configuration = FeedReplayServer.Configuration(
            simulated: feed,
            faults: [
                FeedReplayServer.Fault(.status(500), on: .feedPage(start: 10)),
                FeedReplayServer.Fault(.shift(.removeFirst), on: .feedPage(start: 10), after: 1),
            ])
        try await FeedReplayServer.withServer(configuration) { server in
            let original = feed.entries.map(\.xml)
            let page0 = try Self.entryTexts(
                try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 0)))
            #expect(page0 == Array(original[0..<10]))
            #expect(try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 10)).status == 500)
            let page1 = try Self.entryTexts(
                try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 10)))
            // Entry 10 moved onto page 0, which the client read before the shift: it never sees it.
            #expect(page1 == Array(original[11..<21]))
            let reread = try Self.entryTexts(
                try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 0)))
            #expect(reread.last == original[10])
            // The shift is the feed's from then on, for every page.
            let lastPage = try await HTTP.get(Self.feedURL(server, query: Self.dyncorpQuery, start: 60))
            #expect(try Self.entryTexts(lastPage).count == 8)
        }
    }

    // MARK: - SAM.gov Contract Awards API

    @Test func samPagesVerbatimRecordsByPageIndex() async throws {
        let examples = [
            "example1_dod_base_contracts_lastModified", "example2_purchase_orders_naics_or",
            "example3_gsa_idvs_closed_contractId_only", "example6b_extract_file_json",
        ]
        .map { TestData.awardFixture("sam-contract-awards/\($0).json") }
        let deletedFile = TestData.awardFixture("sam-contract-awards/example5_deleted_contracts_contractId_only.json")
        var sam = try SAMAwards(files: examples, deletedFiles: [deletedFile], apiKeys: ["replay-key"])
        sam.disabledAPIKeys = ["old-key"]
        let sources = try examples.map { try String(contentsOf: $0, encoding: .utf8) }
        try await FeedReplayServer.withServer(FeedReplayServer.Configuration(sam: sam)) { server in
            // offset is a page index: pages 0, 1, 2 of 3 hold records 0-2, 3-5, 6-7.
            var piids: [String] = []
            for offset in 0..<3 {
                let response = try await HTTP.get("\(server.samURL)?api_key=replay-key&limit=3&offset=\(offset)")
                #expect(response.status == 200)
                #expect(response.contentType == "application/json")
                let body = try Self.json(response)
                #expect(body["totalRecords"] as? String == "8")
                #expect(body["limit"] as? String == "3")
                #expect(body["offset"] as? String == "\(offset)")
                let records = try #require(body["awardSummary"] as? [[String: Any]])
                piids += records.compactMap { ($0["contractId"] as? [String: Any])?["piid"] as? String }
            }
            #expect(piids == sam.records.compactMap(\.piid))
            #expect(piids.first == "SPE3SU25F97V0" && piids.count == 8)
            // Records are the files' own text.
            let page = String(
                decoding: try await HTTP.get("\(server.samURL)?api_key=replay-key&limit=100").body, as: UTF8.self)
            #expect(
                sam.records.allSatisfy { record in
                    page.contains(record.json) && sources.contains { $0.contains(record.json) }
                })

            // lastModifiedDate windows filter on awardDetails.transactionData.lastModifiedDate;
            // contractId-only records carry no date and match every window.
            let july = try Self.json(
                try await HTTP.get("\(server.samURL)?api_key=replay-key&lastModifiedDate=[07/01/2025,07/31/2025]"))
            let julyPIIDs = (july["awardSummary"] as? [[String: Any]])?.compactMap {
                ($0["contractId"] as? [String: Any])?["piid"] as? String
            }
            #expect(julyPIIDs?.first == "15B61524P00000105")
            #expect(july["totalRecords"] as? String == "6")

            let deleted = try Self.json(try await HTTP.get("\(server.samURL)?api_key=replay-key&deletedStatus=yes"))
            #expect(deleted["totalRecords"] as? String == "5")

            let past = try await HTTP.get("\(server.samURL)?api_key=replay-key&offset=1")
            #expect(past.status == 204 && past.body.isEmpty)
        }
    }

    @Test func samRefusesBadKeysLimitsCapsAndParametersWithGSAMessages() async throws {
        let file = TestData.awardFixture("sam-contract-awards/example3_gsa_idvs_closed_contractId_only.json")
        var sam = try SAMAwards(files: [file], apiKeys: ["replay-key"])
        sam.disabledAPIKeys = ["old-key"]
        let configuration = FeedReplayServer.Configuration(
            sam: sam, faults: [FeedReplayServer.Fault(.status(500), on: .samPage(offset: 1))])
        try await FeedReplayServer.withServer(configuration) { server in
            for (query, status, message) in [
                ("limit=5", 403, "No API Key was supplied. Please submit with a valid API key."),
                ("api_key=&limit=5", 403, "No API Key was supplied. Please submit with a valid API key."),
                ("api_key=wrong", 403, "An invalid API key was supplied. Please submit with a valid API key."),
                ("api_key=old-key", 403, "The API key supplied has been disabled. Please submit with a valid API key."),
                ("api_key=replay-key&limit=101", 400, "The max value allowed for parameter ‘limit’ is 100."),
                (
                    "api_key=replay-key&limit=100&offset=4001", 400,
                    "You may only page through the first 400,000 records. Any request where ‘offset’ x ‘limit’ is "
                        + "greater than 400,000 will be rejected."
                ),
                (
                    "api_key=replay-key&lastModifiedDate=2025-01-01", 400,
                    "Dates must be specified in the MM/DD/YYYY or [MM/DD/YYYY,MM/DD/YYYY] format."
                ),
                ("api_key=replay-key&piid=GS35F0511T", 400, "The search parameter, piid does not exist."),
            ] {
                let response = try await HTTP.get("\(server.samURL)?\(query)")
                #expect(response.status == status, "\(query)")
                #expect(try Self.json(response)["message"] as? String == message, "\(query)")
            }
            // At the cap exactly is allowed (4,000 × 100 = 400,000): an empty page past the records.
            #expect(try await HTTP.get("\(server.samURL)?api_key=replay-key&limit=100&offset=4000").status == 204)

            // Faults apply to SAM pages too: page 1 fails once, then serves.
            #expect(try await HTTP.get("\(server.samURL)?api_key=replay-key&limit=2&offset=1").status == 500)
            let retried = try Self.json(try await HTTP.get("\(server.samURL)?api_key=replay-key&limit=2&offset=1"))
            #expect((retried["awardSummary"] as? [Any])?.count == 2)
            server.inject(FeedReplayServer.Fault(.truncatedBody(bytes: 100), on: .samPage()))
            let truncated = try await HTTP.get("\(server.samURL)?api_key=replay-key&limit=2")
            #expect(truncated.status == 200 && truncated.body.count == 100)
            #expect((try? JSONSerialization.jsonObject(with: truncated.body)) == nil)

            // The key travels as the api_key parameter and nowhere else in the requests.
            for request in server.requests {
                #expect(
                    request.parameters.filter { $0.value.contains("replay-key") }.allSatisfy { $0.name == "api_key" })
                #expect(!request.headers.contains { $0.value.contains("replay-key") })
                #expect(!request.path.contains("replay-key"))
            }
            #expect(server.requests.filter { $0.offset == 1 }.map(\.status) == [500, 200])
        }
    }

    // MARK: - Helpers

    static func feedURL(_ server: FeedReplayServer, query: String, start: Int, feed: String = "PUBLIC") -> String {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        return "\(server.feedURL)?s=FPDS&FEEDNAME=\(feed)&VERSION=1.5.3&q=\(encoded)&start=\(start)"
    }

    static func entryTexts(_ response: HTTP.Response) throws -> [String] {
        let (entries, summary) = FPDSParser().parseAll(response.body, file: "page")
        #expect(summary.error == nil)
        return try entries.map { try $0.get().rawXML }
    }

    static func json(_ response: HTTP.Response) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }
}

/// A plain HTTP GET over URLSession (FoundationNetworking on Linux), one fresh session per request
/// so that a dropped connection or a timeout cannot leak into the next request.
enum HTTP {
    struct Response {
        var status: Int
        var contentType: String?
        var body: Data
    }

    /// - Parameters:
    ///   - url: The URL to get.
    ///   - timeout: Generous by default: on a two-core runner the whole suite shares the
    ///     cooperative pool with CPU-bound tests, and a loopback answer can wait a minute for a thread.
    /// - Returns: The status, content type and body of the answer.
    /// - Throws: The session's error, or a failed `#require` when `url` is not a URL or the answer is
    ///   not HTTP.
    static func get(_ url: String, timeout: TimeInterval = 150) async throws -> Response {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let (body, response) = try await session.data(from: try #require(URL(string: url)))
        let http = try #require(response as? HTTPURLResponse)
        return Response(
            status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), body: body)
    }
}
