import Foundation
import TestSupport
import Testing

/// Folders as users hand them to `ingest`: links to where the downloads really are, links that
/// point back up the tree, links to nothing. Every readable file is read once, and whatever is
/// passed over is counted with its reason.
@Suite(.timeLimit(.minutes(3)))
struct InputDirectoryTests {
    @Test func symbolicLinksAreFollowedLoopsAndBrokenLinksAreSkippedAndCounted() async throws {
        // Given a folder whose pages are all reached through symbolic links
        let (directory, db) = try CLIRunner.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manager = FileManager.default
        let inbox = directory.appendingPathComponent("inbox")
        try manager.createDirectory(at: inbox, withIntermediateDirectories: true)
        let reconstructed = TestData.samples.appendingPathComponent("reconstructed")
        let page = TestData.sample("fpds/kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml")
        try manager.createSymbolicLink(
            at: inbox.appendingPathComponent("paragon"), withDestinationURL: reconstructed)
        try manager.createSymbolicLink(at: inbox.appendingPathComponent("jacobs.xml"), withDestinationURL: page)
        // a second name for the same page, a loop back to the folder itself, and a link to nothing
        try manager.createSymbolicLink(at: inbox.appendingPathComponent("same-page.xml"), withDestinationURL: page)
        try manager.createSymbolicLink(at: inbox.appendingPathComponent("loop"), withDestinationURL: inbox)
        try manager.createSymbolicLink(
            at: inbox.appendingPathComponent("moved.xml"),
            withDestinationURL: directory.appendingPathComponent("gone.xml"))
        // and a page saved in the folder under two names (hard links)
        try manager.copyItem(at: page, to: inbox.appendingPathComponent("saved-a.xml"))
        try manager.linkItem(
            at: inbox.appendingPathComponent("saved-a.xml"), to: inbox.appendingPathComponent("saved-b.xml"))

        // When it is ingested
        let ingest = try await CLIRunner.run(["ingest", "--db", db, inbox.path], in: directory)

        // Then both linked pages and the saved one are read, once each, and the rest is counted, and named where it may be a mistake
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("Read 3 files"), "\(ingest.stdout)")
        #expect(
            ingest.stdout.contains(
                "skipped        5 (1 not a format ingest reads, 1 a symbolic link to nothing, "
                    + "1 a folder already read under another path, 2 a file already read under another path)"),
            "\(ingest.stdout)")
        // The linked folder's README is ordinary content: counted, not named.
        #expect(!ingest.stderr.contains("README.md"))
        #expect(ingest.stderr.contains("skipped: \(inbox.path)/moved.xml: a symbolic link to nothing"))
        #expect(ingest.stderr.contains("skipped: \(inbox.path)/loop: a folder already read under another path"))
        #expect(ingest.stderr.contains("skipped: \(inbox.path)/same-page.xml: a file already read under another path"))
        #expect(ingest.stderr.contains("skipped: \(inbox.path)/saved-b.xml: a file already read under another path"))
        let lifts = try await CLIRunner.run(
            ["events", "--db", db, "--type", "stop_work_lifted", "--format", "jsonl"], in: directory)
        #expect(lifts.stdout.contains("\"piid\":\"70CMSD24RECON0001\""))
        #expect(lifts.stdout.contains("\"piid\":\"W91CRB15D0018\""))
    }

    /// A download folder holds other JSON and CSV beside the responses and files ingest reads:
    /// those are told apart by their first bytes, not their extension, and passed over.
    @Test func jsonAndCSVFilesAreReadOnlyWhenTheirFormatIsOneIngestReads() async throws {
        let (directory, db) = try CLIRunner.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manager = FileManager.default
        let downloads = directory.appendingPathComponent("downloads")
        try manager.createDirectory(at: downloads, withIntermediateDirectories: true)
        for (fixture, name) in [
            ("sam-contract-awards/example2_purchase_orders_naics_or.json", "purchase-orders.JSON"),
            ("usaspending/Contracts_PrimeTransactions_derived_from_fpds.csv", "transactions.csv"),
        ] {
            try manager.copyItem(at: TestData.awardFixture(fixture), to: downloads.appendingPathComponent(name))
        }
        try Data("file,rows\ntransactions.csv,3\n".utf8).write(to: downloads.appendingPathComponent("index.csv"))
        try Data(#"["purchase-orders.JSON", "transactions.csv"]"#.utf8).write(
            to: downloads.appendingPathComponent("manifest.json"))

        let ingest = try await CLIRunner.run(["ingest", "--db", db, downloads.path], in: directory)

        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("Read 2 files"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("skipped        2 (2 not a format ingest reads)"), "\(ingest.stdout)")
    }
}
