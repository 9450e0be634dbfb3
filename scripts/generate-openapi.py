#!/usr/bin/env python3
"""Writes the OpenAPI 3.1 document of the web API into Sources/ContractWatchServer/API/OpenAPIDocument.swift.

The schemas here mirror the JSON the controllers write (the DESIGN.md keys); the web checks
validate the result and fuzz the running server against it, so a mismatch fails the test command.
Run after changing an endpoint: python3 scripts/generate-openapi.py
"""
import json
import pathlib

REPO = pathlib.Path(__file__).resolve().parent.parent
S=lambda: {"type":["string","null"]}
N=lambda: {"type":["number","null"]}
code={"oneOf":[{"type":"null"},{"type":"object","required":["code"],"properties":{"code":{"type":"string"},"description":{"type":["string","null"]}}}]}
action_keys=["agencyID","piid","modNumber","transactionNumber","idvAgencyID","idvPIID","kind","signedDate","effectiveDate","currentCompletionDate","ultimateCompletionDate","obligatedAmount","baseAndExercisedOptionsValue","baseAndAllOptionsValue","totalObligatedAmount","contractActionType","reasonForModification","description","vendorName","vendorUEI","ultimateParentUEI","ultimateParentName","cageCode","contractingAgencyID","contractingOfficeID","fundingAgencyID","productOrServiceCode","naicsCode","lastModifiedDate","firstSeen","lastSeen","sourceURL"]
props={}
for k in action_keys:
    if k in ("obligatedAmount","baseAndExercisedOptionsValue","baseAndAllOptionsValue","totalObligatedAmount"): props[k]=N()
    elif k in ("contractActionType","reasonForModification","productOrServiceCode","naicsCode"): props[k]={"$ref":"#/components/schemas/Code"}
    elif k in ("kind","firstSeen","lastSeen"): props[k]={"type":"string"}
    else: props[k]=S()
event_types=["award","order","idv_award","option_exercised","funding","deobligation","value_increase","value_decrease","period_extended","period_shortened","stop_work_issued","stop_work_lifted","terminated_for_convenience","terminated_for_default","terminated_for_cause","cancelled","reinstated","novation","vendor_identity_change","piid_change","closeout","change_order","supplemental_agreement","administrative","record_corrected","record_deleted"]
schemas={
 "Error":{"type":"object","required":["error"],"properties":{"error":{"type":"object","required":["message"],"properties":{"message":{"type":"string"}}}}},
 "Code":code,
 "Action":{"type":"object","required":action_keys,"properties":props},
 "Evidence":{"type":"object","required":["rule"],"properties":{"rule":{"type":"string"},"code":{"type":"string"},"text":{"type":"string"},"field":{"type":"string"},"from":{"type":"string"},"to":{"type":"string"},"start":{"type":"integer"},"end":{"type":"integer"}}},
 "MatchFeature":{"type":"object","required":["rule","contribution","detail"],"properties":{"rule":{"type":"string"},"contribution":{"type":"number"},"detail":{"type":"string"}}},
 "WatchlistMatch":{"type":"object","required":["watchlist","entryID","entryName","score","historical","vendorKey","explanation"],"properties":{"watchlist":{"type":"string"},"entryID":{"type":"string"},"entryName":{"type":"string"},"score":{"type":"number"},"historical":{"type":"boolean"},"matchedAt":S(),"vendorKey":{"type":"string"},"explanation":{"type":"array","items":{"$ref":"#/components/schemas/MatchFeature"}}}},
 "Event":{"type":"object","required":["id","type","agencyID","piid","modNumber","date","amount","confidence","partial","evidence","detectedAt","watchlistEntries"],"properties":{"id":{"type":"string"},"type":{"type":"string","enum":event_types},"agencyID":{"type":"string"},"piid":{"type":"string"},"modNumber":{"type":"string"},"date":S(),"amount":N(),"confidence":{"type":"number"},"partial":{"type":"boolean"},"evidence":{"type":"array","items":{"$ref":"#/components/schemas/Evidence"}},"detectedAt":S(),"watchlistEntries":{"type":"array","items":{"$ref":"#/components/schemas/WatchlistMatch"}}}},
 "FacetCount":{"type":"object","required":["value","label","count"],"properties":{"value":{"type":"string"},"label":S(),"count":{"type":"integer"}}},
 "SearchResult":{"type":"object","required":["actions","facets","facetTotal","nextCursor"],"properties":{"actions":{"type":"array","items":{"$ref":"#/components/schemas/Action"}},"facets":{"type":"object","additionalProperties":{"type":"array","items":{"$ref":"#/components/schemas/FacetCount"}}},"facetTotal":{"type":"integer"},"nextCursor":S()}},
 "Contract":{"type":"object","required":["agencyID","piid","state","summary","completionDate","states","suspensions","obligations","actions","events"],"properties":{"agencyID":{"type":"string"},"piid":{"type":"string"},"state":{"type":"string","enum":["active","suspended","terminated","cancelled","closed"]},"summary":{"type":"string"},"completionDate":S(),
   "states":{"type":"array","items":{"type":"object","required":["state","partial","from","to","cause","eventID"],"properties":{"state":{"type":"string"},"partial":{"type":"boolean"},"from":S(),"to":S(),"cause":{"type":"string"},"eventID":{"type":"string"}}}},
   "suspensions":{"type":"array","items":{"type":"object","required":["issued","issuedBy","ended","endedBy","endedAs","days","unresolved","partial"],"properties":{"issued":S(),"issuedBy":{"type":"string"},"ended":S(),"endedBy":S(),"endedAs":S(),"days":{"type":["integer","null"]},"unresolved":{"type":"boolean"},"partial":{"type":"boolean"}}}},
   "obligations":{"type":"array","items":{"type":"object","required":["modNumber","date","obligated","cumulativeObligated","currentValue","potentialValue"],"properties":{"modNumber":{"type":"string"},"date":S(),"obligated":{"type":"number"},"cumulativeObligated":{"type":"number"},"currentValue":{"type":"number"},"potentialValue":{"type":"number"}}}},
   "actions":{"type":"array","items":{"$ref":"#/components/schemas/Action"}},"events":{"type":"array","items":{"$ref":"#/components/schemas/Event"}}}},
 "Vendor":{"type":"object","required":["uei","name","names","cageCode","duns","country","ultimateParentUEI","ultimateParentName","firstSeen","lastSeen","actionCount","contractCount","contracts"],"properties":{"uei":{"type":"string"},"name":S(),"names":{"type":"array","items":{"type":"string"}},"cageCode":S(),"duns":S(),"country":S(),"ultimateParentUEI":S(),"ultimateParentName":S(),"firstSeen":{"type":"string"},"lastSeen":{"type":"string"},"actionCount":{"type":"integer"},"contractCount":{"type":"integer"},"contracts":{"type":"array","items":{"type":"object","required":["agencyID","piid","lastSigned","actions"],"properties":{"agencyID":{"type":"string"},"piid":{"type":"string"},"lastSigned":S(),"actions":{"type":"integer"}}}}}},
 "WatchlistSummary":{"type":"object","required":["name","description","builtin","entries","matches","updatedAt"],"properties":{"name":{"type":"string"},"description":S(),"builtin":{"type":"boolean"},"entries":{"type":"integer"},"matches":{"type":"integer"},"updatedAt":{"type":"string"}}},
 "Watchlist":{"type":"object","required":["name","entries"],"properties":{"name":{"type":"string"},"description":{"type":"string"},"entries":{"type":"array","items":{"type":"object","required":["id","name"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"},"kind":{"type":"string","enum":["vendor","agency","keyword","psc","naics"]},"name":{"type":"string","minLength":1},"aliases":{"type":"array","items":{"type":"string"}},"country":{"type":"string"},"threshold":{"type":"number","minimum":0,"maximum":1},"codes":{"type":"array","items":{"type":"string"}},"query":{"type":"string"}}}}}},
 "SaveResult":{"type":"object","required":["name","changedEntries","actionsScreened","historicalMatches"],"properties":{"name":{"type":"string"},"changedEntries":{"type":"array","items":{"type":"string"}},"actionsScreened":{"type":"integer"},"historicalMatches":{"type":"integer"}}},
 "Judgement":{"type":"object","required":["entryID","vendor","same"],"properties":{"entryID":{"type":"string"},"vendor":{"type":"string","minLength":1},"same":{"type":"boolean"},"note":{"type":"string"}}},
 "JudgementResult":{"type":"object","required":["watchlist","entryID","vendorKey","same","decidedAt"],"properties":{"watchlist":{"type":"string"},"entryID":{"type":"string"},"vendorKey":{"type":"string"},"same":{"type":"boolean"},"decidedAt":{"type":"string"}}},
}
def ok(ref, desc="OK"): return {"description":desc,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/"+ref}}}}
err=lambda d: {"description":d,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}}
q=lambda name, desc, schema={"type":"string"}: {"name":name,"in":"query","required":False,"description":desc,"schema":schema}
p=lambda name, desc: {"name":name,"in":"path","required":True,"description":desc,"schema":{"type":"string","minLength":1}}
date={"type":"string","format":"date"}
paths={
 "/healthz":{"get":{"operationId":"health","summary":"Liveness and store counts","responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"type":"object","required":["status"],"properties":{"status":{"type":"string"},"actions":{"type":"integer"},"versions":{"type":"integer"},"contracts":{"type":"integer"}}}}}}}}},
 "/api/search":{"get":{"operationId":"search","summary":"Full-text search over current actions with filters, facets and keyset pagination (newest signed first)","parameters":[
   q("q","Words (SQLite FTS5 syntax; quote phrases)",{"type":"string","maxLength":500}),q("agency","Contracting or funding agency code"),q("office","Contracting office code"),q("vendor","A UEI or words of the vendor's name"),q("psc","Product or service code, or its prefix"),q("naics","NAICS code, or its prefix"),q("from","Signed on or after",date),q("to","Signed before",date),q("minAmount","Obligated at least",{"type":"number"}),q("maxAmount","Obligated at most",{"type":"number"}),q("type","Only actions with an event of this type",{"type":"string","enum":event_types}),q("watchlist","Only actions that matched this watchlist"),q("sort","Newest or oldest signed first",{"type":"string","enum":["newest","oldest"]}),q("limit","Results per page",{"type":"integer","minimum":1,"maximum":200}),q("cursor","nextCursor of the previous page")],
   "responses":{"200":ok("SearchResult"),"400":err("Bad input: an unknown parameter, a bad date or number, invalid search syntax")}}},
 "/api/contracts/{agencyID}/{piid}":{"get":{"operationId":"contract","summary":"A contract's timeline: states, suspensions, obligations, actions and events","parameters":[p("agencyID","Agency code"),p("piid","PIID")],"responses":{"200":ok("Contract"),"404":err("No such contract")}}},
 "/api/events":{"get":{"operationId":"events","summary":"Events in date order","parameters":[q("since","Dated on or after",date),q("type","Event type",{"type":"string","enum":event_types}),q("watchlist","Only events of actions that matched this watchlist"),q("vendor","Only this vendor's (UEI)"),q("limit","At most this many",{"type":"integer","minimum":1,"maximum":5000})],"responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"type":"object","required":["events"],"properties":{"events":{"type":"array","items":{"$ref":"#/components/schemas/Event"}}}}}}},"400":err("Bad input"),"404":err("No such watchlist")}}},
 "/api/vendors/{uei}":{"get":{"operationId":"vendor","summary":"A vendor: names, identifiers, parent, contracts","parameters":[p("uei","Unique Entity ID")],"responses":{"200":ok("Vendor"),"404":err("No such vendor")}}},
 "/api/watchlists":{"get":{"operationId":"watchlists","summary":"Every watchlist with its counts","responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"type":"object","required":["watchlists"],"properties":{"watchlists":{"type":"array","items":{"$ref":"#/components/schemas/WatchlistSummary"}}}}}}}}}},
 "/api/watchlists/{name}":{
   "get":{"operationId":"watchlist","summary":"A watchlist as JSON (the import/export shape)","parameters":[p("name","Watchlist name")],"responses":{"200":ok("Watchlist"),"404":err("No such watchlist")}},
   "put":{"operationId":"saveWatchlist","summary":"Create or replace a watchlist, then screen stored history against its new and changed entries","security":[{"bearer":[]}],"parameters":[p("name","Watchlist name")],"requestBody":{"required":True,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Watchlist"}}}},"responses":{"200":ok("SaveResult"),"400":err("Not a valid watchlist"),"401":err("No valid token"),"413":err("Body too large")}},
   "delete":{"operationId":"removeWatchlist","summary":"Remove a watchlist and its matches (judgements are kept)","security":[{"bearer":[]}],"parameters":[p("name","Watchlist name")],"responses":{"204":{"description":"Removed"},"401":err("No valid token"),"404":err("No such watchlist")}}},
 "/api/watchlists/{name}/judgements":{"post":{"operationId":"judge","summary":"Record whether a vendor is the entity of an entry","security":[{"bearer":[]}],"parameters":[p("name","Watchlist name")],"requestBody":{"required":True,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Judgement"}}}},"responses":{"201":ok("JudgementResult","Recorded"),"400":err("Bad input or unknown entry"),"401":err("No valid token"),"404":err("No such watchlist"),"413":err("Body too large")}}},
}
# Search parameters are described once, under components, and referenced by both search operations.
parameters={"search_"+x["name"]: x for x in paths["/api/search"]["get"]["parameters"]}
paths["/api/search"]["get"]["parameters"]=[{"$ref":"#/components/parameters/search_"+x["name"]} for x in paths["/api/search"]["get"]["parameters"]]
search_params=[x for x in paths["/api/search"]["get"]["parameters"] if x["$ref"].split("_",1)[1] not in ("limit","cursor")]
paths["/api/search.csv"]={"get":{"operationId":"exportCSV","summary":"Every matching action as CSV (the columns of export --format csv), streamed","parameters":search_params,"responses":{"200":{"description":"CSV with a header row","content":{"text/csv":{"schema":{"type":"string"}}}},"400":err("Bad input")}}}
for i,(feed, params) in enumerate([("/feeds/events.atom",[]),("/feeds/watchlists/{name}.atom",[p("name","Watchlist name")]),("/feeds/contracts/{agencyID}/{piid}.atom",[p("agencyID","Agency code"),p("piid","PIID")]),("/feeds/vendors/{uei}.atom",[p("uei","UEI")])]):
    op={"operationId":["eventsFeed","watchlistFeed","contractFeed","vendorFeed"][i],"summary":"Atom feed of events, newest detected first","responses":{"200":{"description":"Atom 1.0","content":{"application/atom+xml":{"schema":{"type":"string"}}}}}}
    if params: op["parameters"]=params; op["responses"]["404"]=err("Not found")
    paths[feed]={"get":op}
doc={"openapi":"3.1.0","info":{"title":"ContractWatch API","version":"1.0.0","description":"U.S. federal contract actions, their versions, events and watchlist matches. Reads are open; writes need Authorization: Bearer TOKEN (contractwatch token create). Errors are {\"error\": {\"message\": ...}}."},
 "servers":[{"url":"http://127.0.0.1:8080"}],"paths":paths,"components":{"schemas":schemas,"parameters":parameters,"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}}}}
text=json.dumps(doc,indent=2, ensure_ascii=False)
assert '"##' not in text
lines=["// swift-format-ignore-file","// Generated by scripts/generate-openapi.py; edit that, not this.","","/// The OpenAPI 3.1 description of the JSON API and the feeds, served at `/openapi.json`.","///","/// The web checks validate it (`openapi-spec-validator`) and fuzz the running server against it","/// (`schemathesis`), so a drift from the controllers fails the test command.","enum OpenAPIDocument {",'    static let json = ##"""']
lines += ["        "+l if l else "" for l in text.split("\n")]
lines += ['        """##',"}",""]
open(REPO / "Sources/ContractWatchServer/API/OpenAPIDocument.swift","w").write("\n".join(lines))
