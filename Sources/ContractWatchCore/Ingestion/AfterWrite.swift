import FPDS

/// The work that follows every write to the records or the watchlists, in its one order:
/// screen what changed against the watchlists, re-derive the changed contracts' events, create
/// the alerts those call for, then compact the documents stored (``compactDocuments(in:progress:)``).
///
/// Ingest, sync, `events --reclassify`, and saving or judging a watchlist entry all run it, so
/// none of them skips a step. The order matters: deriving a contract's events clears the flag
/// the store set when it was written to, so screening comes first, and a run killed in between
/// leaves the flag set for ``Change/pending`` to find.
package struct AfterWrite: Sendable {
    package var store: any RecordStore
    /// The watchlists and judgements to screen with; nil skips screening.
    package var screener: WatchlistScreener?

    package init(store: any RecordStore, screener: WatchlistScreener?) {
        self.store = store
        self.screener = screener
    }

    /// What was written.
    package enum Change: Sendable {
        /// These contracts gained actions or versions: screened as news, then classified.
        case contracts([ContractKey])
        /// Whatever earlier writes left undone: contracts still flagged for classification, and
        /// alerts not yet created, after a run that was killed or lost a race.
        case pending
        /// These watchlist entries are new or changed, or were judged: stored history is screened
        /// against them, and what it finds is flagged historical.
        case entries(Set<WatchlistEntryReference>)
        /// ContractWatch's rules changed: every action is screened and every contract classified.
        case everything
    }

    /// Brings everything derived from the stored records up to date after `change`.
    /// - Parameters:
    ///   - change: What was written.
    ///   - time: Now, when the matches, events and alerts found are detected.
    /// - Returns: What screening, classification and alerting did.
    /// - Throws: The store's error.
    @discardableResult
    package func run(_ change: Change, at time: Timestamp) async throws -> AfterWriteSummary {
        var summary = AfterWriteSummary()
        let contracts: [ContractKey]
        switch change {
        case .contracts(let keys):
            summary.screening = try await screen(ScreeningScope(contracts: keys), historical: false, at: time)
            contracts = keys
        case .pending:
            let stale = try await store.contractsNeedingClassification()
            if !stale.isEmpty {
                summary.screening = try await screen(ScreeningScope(contracts: stale), historical: false, at: time)
            }
            contracts = stale
        case .entries(let entries):
            summary.screening = try await screen(ScreeningScope(entries: entries), historical: true, at: time)
            contracts = []
        case .everything:
            summary.screening = try await screen(ScreeningScope(), historical: true, at: time)
            contracts = try await store.allContracts()
        }
        if !contracts.isEmpty {
            summary.eventsStored = try await Self.reclassify(contracts, in: store, detectedAt: time)
            summary.contractsClassified = contracts.count
        }
        // A match screening removed (its entry or its vendor's record changed) takes its unsent
        // alerts with it.
        if summary.screening.removedMatches > 0 {
            summary.alertsWithdrawn = try await store.withdrawUnmatchedAlerts()
        }
        // Only the contracts just classified can have new events; any other change (or a run that
        // died before its alerts) calls for a look at every match.
        if case .contracts(let keys) = change {
            summary.alertsCreated = try await store.createAlerts(for: keys, at: time)
        } else {
            summary.alertsCreated = try await store.createAlerts(for: nil, at: time)
        }
        // Last, since nothing a reader sees waits on it: documents a killed run leaves waiting
        // are compacted by the next.
        if case .entries = change { return summary }
        summary.documents = try await Self.compactDocuments(in: store)
        return summary
    }

    /// Compacts every document stored since the last compaction
    /// (``RecordStore/compactRawDocuments(limit:)``), a thousand per transaction.
    /// - Parameters:
    ///   - store: The store.
    ///   - progress: Called after each transaction with the running totals.
    /// - Returns: What was compacted.
    /// - Throws: The store's error; what was compacted before it stays compacted.
    @discardableResult
    package static func compactDocuments(
        in store: any RecordStore, progress: (DocumentCompactionSummary) -> Void = { _ in }
    ) async throws -> DocumentCompactionSummary {
        var total = DocumentCompactionSummary()
        while true {
            let batch = try await store.compactRawDocuments(limit: 1_000)
            guard batch.documents > 0 else { return total }
            total += batch
            progress(total)
        }
    }

    private func screen(
        _ scope: ScreeningScope, historical: Bool, at time: Timestamp
    ) async throws -> ScreeningSummary {
        guard let screener, screener.entryCount > 0 else { return ScreeningSummary() }
        return try await store.screen(scope, with: screener, historical: historical, at: time)
    }

    /// Re-derives and stores the events of `contracts`, a few hundred per transaction.
    ///
    /// Another process (or this run's own writer) may add to a contract between its read and the
    /// write of its events; the store then refuses those events, and the contract is read and
    /// classified again, up to ``classificationAttempts`` times. One that is still outdated keeps
    /// its flag: the run that wrote to it classifies it after its write, and ``run(_:at:)`` with
    /// ``Change/pending`` finds it otherwise.
    /// - Returns: The number of events stored for them.
    @discardableResult
    package static func reclassify(
        _ contracts: [ContractKey], in store: any RecordStore, detectedAt: Timestamp,
        classifier: EventClassifier = EventClassifier()
    ) async throws -> Int {
        var count = 0
        var start = 0
        while start < contracts.count {
            var pending = Array(contracts[start..<min(contracts.count, start + 500)])
            start += pending.count
            for _ in 0..<classificationAttempts where !pending.isEmpty {
                var classifications: [ContractKey: ContractClassification] = [:]
                var revisions: [ContractKey: Int64] = [:]
                for (key, snapshot) in try await store.actions(of: pending) {
                    let events = Self.measuringLatency(
                        of: classifier.classify(contract: snapshot.actions, histories: snapshot.histories),
                        in: snapshot.actions,
                        detectedAt: detectedAt)
                    classifications[key] = ContractClassification(events: events, of: snapshot.actions)
                    revisions[key] = snapshot.revision
                }
                let outdated = try await store.replaceEvents(
                    classifications, derivedFrom: revisions, detectedAt: detectedAt)
                count += classifications.reduce(0) { $0 + (outdated.contains($1.key) ? 0 : $1.value.events.count) }
                pending = pending.filter(outdated.contains)
            }
        }
        return count
    }

    /// The events, each with its detection latency measured from the `lastModifiedDate` of the
    /// action it was derived from (``FPDSClock/detectionLatency(lastModified:detectedAt:)``). A
    /// key-only deletion notice carries the deleted version's date, not its own: its events' latency
    /// is unknown.
    static func measuringLatency(
        of events: [ProcurementEvent], in actions: [ContractAction], detectedAt: Timestamp
    ) -> [ProcurementEvent] {
        var lastModified: [ActionKey: FPDSDateTime] = [:]
        for action in actions where action.deletion?.isKeyOnly != true {
            lastModified[action.key] = action.lastModifiedDate
        }
        return events.map { event in
            var event = event
            event.detectionLatencySeconds = lastModified[event.action].flatMap {
                FPDSClock.detectionLatency(lastModified: $0, detectedAt: detectedAt)
            }
            return event
        }
    }

    /// How many times ``reclassify(_:in:detectedAt:classifier:)`` reads a contract whose
    /// snapshot concurrent writes keep outdating.
    static let classificationAttempts = 5
}

/// What one ``AfterWrite/run(_:at:)`` did.
package struct AfterWriteSummary: Sendable, Hashable {
    package var screening = ScreeningSummary()
    package var contractsClassified = 0
    package var eventsStored = 0
    package var alertsCreated = 0
    /// Alerts removed, unsent, because their match was removed.
    package var alertsWithdrawn = 0
    /// The documents compacted.
    package var documents = DocumentCompactionSummary()

    package init() {}
}
