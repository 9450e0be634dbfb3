import Mustache

/// The HTML pages, as Mustache templates compiled into the binary (no files to find at run time).
/// `{{ }}` escapes; `{{{ }}}` is used only for markup the server built and escaped itself.
enum Templates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in [
            ("layout-top", layoutTop), ("layout-bottom", layoutBottom), ("search", search), ("contract", contract),
            ("vendor", vendor), ("events", events), ("watchlist", watchlist), ("message", message),
            ("event-item", eventItem), ("status", status),
        ] {
            try library.register(text, named: name)
        }
        return library
    }

    static let layoutTop = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ContractWatch</title>
        <link rel="stylesheet" href="/static/style.css">
        {{#feed}}<link rel="alternate" type="application/atom+xml" title="{{feedTitle}}" href="{{feed}}">{{/feed}}
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
        <nav aria-label="Main">
        <a class="brand" href="/">ContractWatch</a>
        <a href="/">Search</a>
        <a href="/events">Events</a>
        <a href="/watchlists">Watchlists</a>
        <a href="/status">Status</a>
        </nav>
        </header>
        <main id="main">

        """

    static let layoutBottom = """
        </main>
        <footer>
        <p>Public records from FPDS, SAM.gov and USAspending, kept version by version.
        {{#feed}}<a href="{{feed}}">Atom feed of this page</a> · {{/feed}}<a href="/openapi.json">API</a></p>
        </footer>
        </body>
        </html>

        """

    static let search = """
        {{> layout-top}}
        <h1>Search federal contract actions</h1>
        <form method="get" action="/" role="search" class="search">
        <p><label for="q">Words</label> <input id="q" name="q" type="search" value="{{query.q}}" \
        placeholder="stop work, Paragon, &quot;lift the stop work order&quot;" aria-describedby="q-help">
        <small id="q-help">Every word must match. &quot;a phrase&quot;, <code>OR</code>, <code>-exclude</code>, \
        <code>prefix*</code>, (groups), and <code>vendor:</code> <code>agency:</code> <code>piid:</code> \
        <code>psc:</code> <code>naics:</code> with a value.</small></p>
        <p><label for="agency">Agency code</label> <input id="agency" name="agency" value="{{query.agency}}" size="6">
        <label for="vendor">Vendor (name or UEI)</label> <input id="vendor" name="vendor" value="{{query.vendor}}">
        <label for="from">Signed from</label> <input id="from" name="from" type="date" value="{{query.from}}">
        <label for="to">to</label> <input id="to" name="to" type="date" value="{{query.to}}">
        <label for="type">Event</label> <select id="type" name="type"><option value="">any</option>\
        {{#eventTypes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/eventTypes}}</select>
        <button type="submit">Search</button></p>
        </form>
        {{#searched}}
        <div class="results">
        <aside aria-label="Facets">
        {{#facets}}<h2>{{name}}</h2><ul>{{#values}}<li><a href="{{href}}">{{label}}</a> ({{count}})</li>{{/values}}</ul>{{/facets}}
        <p class="note">Counted over {{facetTotal}} matching actions{{#facetCapped}} (the newest {{facetTotal}}){{/facetCapped}}.</p>
        </aside>
        <section aria-label="Results">
        <h2>{{resultLabel}}</h2>
        <table>
        <thead><tr><th scope="col">Signed</th><th scope="col">Contract</th><th scope="col">Mod</th>\
        <th scope="col">Vendor</th><th scope="col" class="num">Obligated</th><th scope="col">Description</th></tr></thead>
        <tbody>
        {{#results}}<tr><td>{{signed}}</td><td><a href="{{contractHref}}">{{agencyID}} {{piid}}</a></td><td>{{mod}}\
        {{#deleted}} <span class="tag tag-deleted">deleted</span>{{/deleted}}</td>\
        <td>{{#vendorHref}}<a href="{{vendorHref}}">{{vendor}}</a>{{/vendorHref}}{{^vendorHref}}{{vendor}}{{/vendorHref}}</td>\
        <td class="num">{{amount}}</td><td>{{description}}</td></tr>
        {{/results}}
        </tbody>
        </table>
        {{#next}}<p><a rel="next" href="{{next}}">Next page</a></p>{{/next}}
        </section>
        </div>
        {{/searched}}
        {{> layout-bottom}}
        """

    static let contract = """
        {{> layout-top}}
        <h1>Contract {{agencyID}} {{piid}}</h1>
        <p class="state state-{{state}}">State: <strong>{{state}}</strong>. {{summary}}</p>
        <p>Vendor: {{#vendorHref}}<a href="{{vendorHref}}">{{vendor}}</a>{{/vendorHref}}{{^vendorHref}}{{vendor}}{{/vendorHref}}.
        Agency: {{agency}}. {{#completion}}Current completion date: {{completion}}.{{/completion}}</p>
        {{#hasMatches}}
        <h2>Watchlist matches</h2>
        {{#watchlistMatches}}<p class="match">Watchlist <a href="/watchlists/{{watchlist}}">{{watchlist}}</a>: {{entryName}} \
        (score {{score}}{{#historical}}, found in history{{/historical}}) — {{explanation}}. Matched on {{mods}}.</p>
        {{/watchlistMatches}}
        {{/hasMatches}}
        {{#hasSourceLinks}}<p class="sources">At the source: {{#sourceLinks}}<a href="{{url}}">{{label}}</a> \
        {{/sourceLinks}}</p>{{/hasSourceLinks}}
        <figure>
        {{{chart}}}
        <figcaption>Cumulative obligations by modification. Shaded: suspended (stop-work); red: terminated or cancelled; grey: closed.</figcaption>
        </figure>
        {{#hasSuspensions}}
        <h2>Stop-work orders and suspensions</h2>
        <table><thead><tr><th scope="col">Issued</th><th scope="col">By</th><th scope="col">What</th>\
        <th scope="col">Ended</th><th scope="col">By</th><th scope="col">How</th><th scope="col" class="num">Days</th></tr></thead><tbody>
        {{#suspensions}}<tr><td>{{issued}}</td><td>{{issuedBy}}</td><td>{{cause}}</td><td>{{ended}}</td><td>{{endedBy}}</td>\
        <td>{{endedAs}}</td>\
        <td class="num">{{days}}{{#unresolved}} (unresolved){{/unresolved}}</td></tr>
        {{/suspensions}}</tbody></table>
        {{/hasSuspensions}}
        <h2>Modifications</h2>
        <ol class="mods">
        {{#mods}}<li id="mod-{{mod}}"{{#deletion}} class="deleted"{{/deletion}}><p><strong>{{mod}}</strong>\
        {{#deletion}} <span class="tag tag-deleted">deleted</span>{{/deletion}} signed {{signed}} · {{reason}} · obligated {{amount}}</p>
        {{#deletion}}<p class="deletion">Deleted: seen {{seen}} in {{seenIn}}{{#deletionFeed}} (<a href="{{deletionFeed}}">source</a>){{/deletionFeed}}; \
        not counted in the contract's totals.</p>{{/deletion}}
        {{#description}}<p class="description">{{description}}</p>{{/description}}
        {{#events}}{{> event-item}}{{/events}}
        {{#sourceURL}}<p class="source"><a href="{{sourceURL}}">{{sourceLabel}} record</a></p>{{/sourceURL}}
        {{#history}}
        {{#corrected}}<table class="corrections"><thead><tr><th scope="col">Field</th>\
        <th scope="col">As first reported</th><th scope="col">As corrected</th></tr></thead><tbody>
        {{#corrections}}<tr><td>{{field}}</td><td>{{from}}</td><td>{{to}}</td></tr>
        {{/corrections}}</tbody></table>{{/corrected}}
        <details class="versions"><summary>Versions</summary><ol>
        {{#versions}}<li><code>{{hash}}</code>{{#current}} <span class="tag">current</span>{{/current}}\
        {{#cited}} <span class="tag">cited</span>{{/cited}}{{#deleted}} <span class="tag tag-deleted">deleted</span>{{/deleted}} · \
        {{source}} · modified {{modified}} · seen {{firstSeen}} … {{lastSeen}} · <a href="{{raw}}">raw record</a>
        {{#changed}}<ul>{{#changes}}<li>{{.}}</li>{{/changes}}</ul>{{/changed}}</li>
        {{/versions}}</ol></details>
        {{/history}}
        </li>
        {{/mods}}
        </ol>
        {{> layout-bottom}}
        """

    static let eventItem = """
        <div class="event event-{{type}}"><p><span class="tag">{{type}}</span> {{date}} \
        {{#contractHref}}<a href="{{contractHref}}">{{agencyID}} {{piid}} mod {{mod}}</a>{{/contractHref}} \
        confidence {{confidence}}{{#amount}} · {{amount}}{{/amount}}</p>
        {{#contractHref}}<p class="parties">{{#vendor}}{{#vendorHref}}<a href="{{vendorHref}}">{{vendor}}</a>{{/vendorHref}}\
        {{^vendorHref}}{{vendor}}{{/vendorHref}}{{/vendor}}{{#agency}} · {{agency}}{{/agency}}</p>{{/contractHref}}
        <ul class="evidence">{{#evidence}}<li>{{.}}</li>{{/evidence}}</ul>
        {{#matches}}<p class="match">Watchlist <a href="/watchlists/{{watchlist}}">{{watchlist}}</a>: {{entryName}} \
        (score {{score}}{{#historical}}, found in history{{/historical}}) — {{explanation}}</p>{{/matches}}
        </div>

        """

    static let vendor = """
        {{> layout-top}}
        <h1>{{name}}</h1>
        <dl>
        <dt>UEI</dt><dd>{{uei}}{{^uei}}not reported: this page gathers the records that name the vendor \
        without one{{/uei}}</dd>
        {{#cage}}<dt>CAGE</dt><dd>{{cage}}</dd>{{/cage}}
        {{#duns}}<dt>DUNS</dt><dd>{{duns}}</dd>{{/duns}}
        {{#country}}<dt>Country</dt><dd>{{country}}</dd>{{/country}}
        {{#parent}}<dt>Ultimate parent</dt><dd>{{parent}}</dd>{{/parent}}
        <dt>Names in the records</dt><dd>{{names}}</dd>
        <dt>Actions / contracts</dt><dd>{{actions}} / {{contracts}}</dd>
        <dt>Seen</dt><dd>{{firstSeen}} to {{lastSeen}}</dd>
        </dl>
        <h2>Contracts</h2>
        <table><thead><tr><th scope="col">Contract</th><th scope="col">Latest action</th>\
        <th scope="col" class="num">Actions</th></tr></thead><tbody>
        {{#contractRows}}<tr><td><a href="{{href}}">{{agencyID}} {{piid}}</a></td><td>{{lastSigned}}</td>\
        <td class="num">{{actions}}</td></tr>
        {{/contractRows}}</tbody></table>
        {{> layout-bottom}}
        """

    static let events = """
        {{> layout-top}}
        <h1>{{heading}}</h1>
        <form method="get" action="/events" class="search">
        <p><label for="type">Event</label> <select id="type" name="type"><option value="">any</option>\
        {{#eventTypes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/eventTypes}}</select>
        <label for="since">Since</label> <input id="since" name="since" type="date" value="{{query.since}}">
        <label for="watchlist">Watchlist</label> <input id="watchlist" name="watchlist" value="{{query.watchlist}}">
        <label for="agency">Agency code</label> <input id="agency" name="agency" value="{{query.agency}}" size="6">
        <label for="vendor">Vendor UEI</label> <input id="vendor" name="vendor" value="{{query.vendor}}" size="14">
        <label for="minAmount">At least $</label> <input id="minAmount" name="minAmount" value="{{query.minAmount}}" \
        size="10" inputmode="decimal">
        <button type="submit">Show</button></p>
        </form>
        <p class="note">Newest first, by the date of the action.</p>
        {{#events}}{{> event-item}}{{/events}}
        {{^events}}<p>No events match.</p>{{/events}}
        {{#next}}<p><a rel="next" href="{{next}}">Older events</a></p>{{/next}}
        {{> layout-bottom}}
        """

    static let watchlist = """
        {{> layout-top}}
        <h1>{{heading}}</h1>
        {{#description}}<p>{{description}}</p>{{/description}}
        {{#lists}}<h2><a href="/watchlists/{{name}}">{{name}}</a></h2><p>{{entries}} entries, {{matches}} matches\
        {{#builtin}}, built in{{/builtin}}. <a href="/events?watchlist={{name}}">Events</a> · \
        <a href="/feeds/watchlists/{{name}}.atom">Atom feed</a></p>{{/lists}}
        {{#entries}}<section class="entry"><h2 id="{{id}}">{{name}} <span class="tag">{{kind}}</span></h2>
        {{#reasons}}<p>{{text}}{{#citation}} (<a href="{{citation}}">source</a>){{/citation}}</p>{{/reasons}}
        {{#relations}}<p class="note">{{type}}: {{name}}{{#date}}, {{date}}{{/date}} (<a href="{{citation}}">source</a>)</p>{{/relations}}
        {{#matched}}<p class="match">Matched {{vendor}} ({{vendorKey}}) on {{count}} actions, score {{score}} — {{explanation}}</p>{{/matched}}
        </section>{{/entries}}
        {{> layout-bottom}}
        """

    static let status = """
        {{> layout-top}}
        <h1>Status: {{health}}</h1>
        <p>The store holds {{actions}} actions ({{versions}} versions) of {{contracts}} contracts.</p>
        <h2>Detection latency</h2>
        <p class="note">How long after FPDS last modified a record its event was detected. Records read from files \
        long after publication (a backfill) count too: the figure speaks for live syncs when they are most of it.</p>
        <table><thead><tr><th>Events detected in</th><th class="num">events</th><th class="num">measured</th>\
        <th class="num">median</th><th class="num">90th percentile</th><th class="num">longest</th></tr></thead><tbody>
        {{#latency}}<tr><td>the last {{period}}</td><td class="num">{{events}}</td><td class="num">{{measured}}</td>\
        <td class="num">{{median}}</td><td class="num">{{p90}}</td><td class="num">{{max}}</td></tr>{{/latency}}
        </tbody></table>
        <h2>Sync runs</h2>
        {{#hasRuns}}<table><thead><tr><th>started</th><th>finished</th><th>source</th><th>query</th><th>outcome</th>\
        <th class="num">windows</th><th class="num">pages</th><th class="num">new actions</th>\
        <th class="num">new versions</th><th class="num">rejected</th></tr></thead><tbody>
        {{#runs}}<tr><td>{{startedAt}}</td><td>{{finishedAt}}</td><td>{{source}}</td><td>{{query}}</td>\
        <td{{#failed}} class="failed"{{/failed}}>{{outcome}}</td><td class="num">{{windows}}</td>\
        <td class="num">{{pages}}</td><td class="num">{{newActions}}</td><td class="num">{{newVersions}}</td>\
        <td class="num">{{rejected}}</td></tr>{{#message}}<tr><td></td><td colspan="9" class="note">{{message}}</td></tr>\
        {{/message}}{{/runs}}
        </tbody></table>{{/hasRuns}}
        {{^runs}}<p>No sync has run on this store: run <code>contractwatch sync</code>, or serve with \
        <code>--sync-every 6h</code>.</p>{{/runs}}
        {{> layout-bottom}}
        """

    static let message = """
        {{> layout-top}}
        <h1>{{title}}</h1>
        <p>{{message}}</p>
        {{> layout-bottom}}
        """

    static let stylesheet = """
        :root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --accent: #0b4f8a; --line: #c9c9c9; }
        body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); margin: 0; background: #fff; }
        header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
        header nav { display: flex; gap: 1rem; padding: .75rem 0; border-bottom: 1px solid var(--line); }
        a { color: var(--accent); } .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem;
          border-bottom: 1px solid var(--line); vertical-align: top; } .num { text-align: right; }
        .results { display: grid; grid-template-columns: 14rem 1fr; gap: 1.5rem; }
        aside h2 { font-size: 1rem; margin-bottom: .25rem; } aside ul { padding-left: 1rem; margin-top: 0; }
        .note, footer { color: var(--muted); font-size: .9rem; }
        .tag { font-family: ui-monospace, monospace; background: #eef3f8; padding: 0 .3rem; border-radius: 3px; }
        .event { border-left: 3px solid var(--accent); padding-left: .75rem; margin: .75rem 0; }
        .event-stop_work_issued, .event-terminated_for_convenience, .event-terminated_for_default,
        .event-terminated_for_cause, .event-cancelled { border-color: #a4262c; }
        .event-stop_work_lifted, .event-reinstated { border-color: #2e7d32; }
        .match { background: #fff6d6; padding: .25rem .5rem; } .failed { color: #a4262c; font-weight: 600; }
        .timeline-chart { max-width: 100%; height: auto; }
        .timeline-chart .obligations { fill: none; stroke: var(--accent); stroke-width: 2; }
        .timeline-chart .point { fill: var(--accent); } .timeline-chart .axis { stroke: #777; }
        .timeline-chart .label { font-size: 11px; fill: var(--muted); }
        .timeline-chart .band-suspended { fill: #f2c744; opacity: .45; }
        .timeline-chart .band-terminated, .timeline-chart .band-cancelled { fill: #d9534f; opacity: .25; }
        .timeline-chart .band-closed { fill: #999; opacity: .25; } .timeline-chart .marker { stroke: #a4262c; stroke-width: 2; }
        label { margin-right: .25rem; } input, select, button { font: inherit; }
        .mods li { margin-bottom: 1rem; } .mods li.deleted { color: var(--muted); }
        .tag-deleted { background: #fbe9e7; color: #a4262c; } .description { white-space: pre-wrap; }
        """
}
