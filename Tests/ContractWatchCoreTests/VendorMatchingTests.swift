import ContractWatchCore
import FPDS
import Foundation
import TestSupport
import Testing

/// Name matching against the labelled pairs of `Fixtures/vendor-name-pairs.jsonl` (real FPDS vendor
/// names and the built-in list's names; every label has its reason there), and the rules a
/// journalist relies on.
@Suite struct VendorMatchingTests {
    struct Pair: Decodable {
        var recordName: String
        var entryName: String
        var same: Bool
        var reason: String
    }

    @Test func labelledPairsMeetPrecisionAndRecall() throws {
        let fixture = TestData.projectRoot.appendingPathComponent(
            "Tests/ContractWatchCoreTests/Fixtures/vendor-name-pairs.jsonl")
        let pairs = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Pair.self, from: Data($0.utf8)) }
        #expect(pairs.count >= 480)
        #expect(pairs.contains { $0.same } && pairs.contains { !$0.same })

        for threshold in [WatchlistEntry.defaultThreshold, 0.8] {
            var truePositives = 0
            var falsePositives: [String] = []
            var falseNegatives: [String] = []
            for pair in pairs {
                let comparison = NameComparison(
                    record: OrganisationName(pair.recordName), entry: OrganisationName(pair.entryName))
                let line = String(format: "%.2f", comparison.score) + " \(pair.recordName) | \(pair.entryName)"
                switch (comparison.score >= threshold, pair.same) {
                case (true, true): truePositives += 1
                case (true, false): falsePositives.append(line + " — " + pair.reason)
                case (false, true): falseNegatives.append(line)
                case (false, false): break
                }
            }
            let precision = Double(truePositives) / Double(truePositives + falsePositives.count)
            let recall = Double(truePositives) / Double(truePositives + falseNegatives.count)
            print(
                "vendor names at threshold \(threshold): precision \(String(format: "%.3f", precision)), "
                    + "recall \(String(format: "%.3f", recall)) over \(pairs.count) labelled pairs")
            for line in falsePositives { print("  wrongly matched: \(line)") }
            if threshold == WatchlistEntry.defaultThreshold {
                #expect(precision >= 0.95, "\(falsePositives.joined(separator: "\n"))")
                #expect(recall >= 0.9, "\(falseNegatives.joined(separator: "\n"))")
            }
        }
    }

    @Test func normalisationKeepsTheOriginalAndDropsFormsAndQualifiers() {
        let name = OrganisationName("Paragon Solutions (US) Inc.")
        #expect(name.original == "Paragon Solutions (US) Inc.")
        #expect(name.words == ["PARAGON", "SOLUTIONS"])
        #expect(name.legalForms == [.corporation])
        #expect(OrganisationName("FOUR POINTS TECHNOLOGY, L.L.C.").legalForms == [.limitedLiabilityCompany])
        #expect(OrganisationName("Cytrox Holdings Zrt.").words == ["CYTROX", "HOLDINGS"])
        #expect(OrganisationName("OSY TECHNOLOGIES S.A R.L.").legalForms == [.shareCompany])
        #expect(OrganisationName("MCKESSON CORPORATION (7296)").normalized == "MCKESSON")
        #expect(OrganisationName("Ωmega Systèmes GmbH").normalized == "ΩMEGA SYSTEMES")
    }

    @Test func theParagonSubsidiaryMatchesAndTheDecoyDoesNot() throws {
        let entry = OrganisationName("Paragon Solutions (US) Inc.")
        let fpdsSpelling = NameComparison(record: OrganisationName("PARAGON SOLUTIONS US INC"), entry: entry)
        #expect(fpdsSpelling.score == 1)
        #expect(fpdsSpelling.features.map(\.rule) == ["name.equal"])

        let decoy = NameComparison(record: OrganisationName("PARAGON SYSTEMS, INC."), entry: entry)
        #expect(decoy.score < 0.5)
        #expect(decoy.features.map(\.rule).contains("penalty.conflicting_words"))
        #expect(
            NameComparison(record: OrganisationName("NSO"), entry: OrganisationName("NSO Group Technologies Ltd."))
                .score < 0.7)
    }

    @Test func anAgencyEntryMatchesTheAgencyAndItsDepartmentAlike() throws {
        // Given a real Army record (agency 2100 of department 9700)
        let url = TestData.sample("fpds/kenosa-atom-harvest/W52P1J19D0044__32c8c542493a/page-0000-start-0.xml")
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
        let army = try #require(try results.map { ContractAction(try $0.get().record) }.first)
        #expect(army.contractingAgency?.code == "2100" && army.contractingAgency?.departmentID == "9700")
        func matches(_ code: String) -> [WatchlistMatch] {
            let entry = WatchlistEntry(id: "watched", kind: .agency, name: "Watched", codes: [code])
            return WatchlistScreener(watchlists: [Watchlist(name: "desk", entries: [entry])]).screen([army])[0]
        }
        // Then the department's code and the agency's match, with the feature that says which
        #expect(matches("9700").first?.features.map(\.rule) == ["agency.department"])
        #expect(matches("2100").first?.features.map(\.rule) == ["agency.code"])
        // and another department's does not
        #expect(matches("7000").isEmpty)
    }

    @Test func theBuiltInListMatchesTheParagonRecordsWithAnExplanation() throws {
        let list = try BuiltInWatchlists.load("commercial-spyware")
        let screener = WatchlistScreener(watchlists: [list])
        #expect(screener.entryCount == list.entries.count)
        let url = TestData.sample("reconstructed/paragon-ice.xml")
        let (results, _) = FPDSParser().parseAll(try Data(contentsOf: url), file: url.path)
        let actions = try results.map { ContractAction(try $0.get().record) }
        let matches = screener.screen(actions)
        for found in matches {
            let entries = Set(found.map(\.entryID))
            #expect(entries.contains("paragon-solutions-us"), "\(found)")
            let match = try #require(found.first { $0.entryID == "paragon-solutions-us" })
            #expect(match.score >= 0.8)
            #expect(match.features.contains { $0.rule == "name.equal" })
        }

        var decoy = try #require(actions.first)
        decoy.vendorName = "PARAGON SYSTEMS, INC."
        decoy.vendorAlternateNames = []
        decoy.vendorUEI = "DECOY0000001"
        #expect(screener.screen([decoy]) == [[]])
    }

    @Test func theCompiledInListsAreTheFilesInWatchlists() throws {
        let folder = TestData.projectRoot.appendingPathComponent("Sources/ContractWatchCore/Resources/Watchlists")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(BuiltInWatchlists.names == files.map { String($0.dropLast(5)) }.sorted())
        for name in BuiltInWatchlists.names {
            var text = try String(contentsOf: folder.appendingPathComponent(name + ".json"), encoding: .utf8)
            while text.hasSuffix("\n") { text.removeLast() }
            #expect(
                BuiltInWatchlists.document(name) == text,
                "Resources/Watchlists/\(name).json is not the compiled-in list")
            #expect(try BuiltInWatchlists.load(name).entries.count > 0)
        }
    }

    @Test func judgementsOverrideScores() throws {
        let entry = WatchlistEntry(id: "acme", kind: .vendor, name: "Acme Widgets Inc")
        let list = Watchlist(name: "test", entries: [entry])
        let vendor = VendorIdentity(name: "ACME WIDGETS, INC.", uei: "UEI000000001")
        #expect(WatchlistScreener(watchlists: [list]).matches(for: vendor).count == 1)
        let rejected = Judgement(
            watchlist: "test", entryID: "acme", vendorKey: vendor.judgementKey, same: false, note: nil,
            decidedAt: "2026-11-25T00:00:00Z")
        #expect(WatchlistScreener(watchlists: [list], judgements: [rejected]).matches(for: vendor).isEmpty)

        let other = VendorIdentity(name: "Roadrunner Supply", uei: "UEI000000002")
        var confirmed = rejected
        confirmed.vendorKey = other.judgementKey
        confirmed.same = true
        let forced = WatchlistScreener(watchlists: [list], judgements: [confirmed]).matches(for: other)
        #expect(forced.map(\.features.last?.rule) == ["judgement.same"])
    }

    @Test func identifiersOutweighNames() {
        let entry = WatchlistEntry(
            id: "acme", kind: .vendor, name: "Acme Widgets Inc", identifiers: VendorIdentifiers(uei: ["UEI000000001"]))
        let screener = WatchlistScreener(watchlists: [Watchlist(name: "test", entries: [entry])])
        let renamed = screener.matches(for: VendorIdentity(name: "Totally Different LLC", uei: "UEI000000001"))
        #expect(renamed.first?.features.first?.rule == "identifier.uei")
        let subsidiary = screener.matches(for: VendorIdentity(name: "Widget Works", parentUEI: "UEI000000001"))
        #expect(subsidiary.first?.score == 0.9)
        let namesake = screener.matches(for: VendorIdentity(name: "ACME WIDGETS INC", uei: "UEI000000009"))
        #expect(namesake.isEmpty || namesake[0].features.contains { $0.rule == "penalty.uei_differs" })
    }
}
