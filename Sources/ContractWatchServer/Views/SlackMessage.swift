package import ContractWatchCore
import FPDS
import Foundation

/// The body posted to a webhook subscribed with `"format": "slack"`: `{"text": …}`, which Slack's
/// incoming webhooks (and Mattermost's, Rocket.Chat's and Discord's `/slack` ones) show as a message.
///
/// One line names the event, the watched vendor (the entry that matched) and its list, the agency,
/// the amount, the action, its date and a link to the contract's page on this server, e.g. for the
/// lift in `Samples/reconstructed/paragon-ice.xml`: `*stop_work_lifted* · Paragon Solutions (US) Inc.
/// (watchlist commercial-spyware) · agency 7012 · … · 7012 70CMSD24RECON0001 mod P00002 · … ·
/// <https://…/contracts/7012/70CMSD24RECON0001|contract>`.
package enum SlackMessage {
    /// The JSON body for `alert`.
    /// - Parameters:
    ///   - alert: The alert.
    ///   - base: The scheme, host and port of this server's pages, e.g. `https://watch.example.org`.
    /// - Returns: `{"text": …}`.
    package static func body(for alert: Alert, base: String) -> String {
        let event = alert.event
        let vendor = event.watchlistEntries.first { $0.entryID == alert.entryID }?.entryName ?? alert.entryID
        var parts = [
            "*\(event.type.rawValue)*" + (alert.historical ? " (found in history)" : ""),
            escaped(vendor) + " (watchlist \(escaped(alert.watchlist)))",
            "agency \(escaped(event.action.agencyID))",
        ]
        if let amount = event.amount { parts.append(PagesController.money(amount)) }
        parts.append(escaped(event.action.description))
        if let date = event.date { parts.append(escaped(date.description)) }
        // Slack's link syntax is <url|label>; the path is percent-encoded, so it holds no `|` or `>`.
        parts.append("<\(base)\(PagesController.contractHref(event.action))|contract>")
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("text", parts.joined(separator: " · "))
        writer.endObject()
        return writer.output
    }

    /// Slack's control characters in text, escaped as its message format asks.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
