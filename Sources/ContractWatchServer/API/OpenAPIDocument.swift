/// The OpenAPI 3.1 description of the JSON API and the feeds, served at `/openapi.json`.
///
/// Written to match the controllers; the server tests validate it (`openapi-spec-validator`) and
/// fuzz the running server against it (`schemathesis`), so a drift fails the build.
enum OpenAPIDocument {
    static let json = ##"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "ContractWatch API",
            "version": "1.0.0",
            "description": "U.S. federal contract actions, their versions, events and watchlist matches. Reads are open; writes need Authorization: Bearer TOKEN (contractwatch token create). Errors are {\"error\": {\"message\": ...}}."
          },
          "servers": [
            {
              "url": "http://127.0.0.1:8080"
            }
          ],
          "paths": {
            "/healthz": {
              "get": {
                "operationId": "health",
                "summary": "Liveness and store counts",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "required": [
                            "status"
                          ],
                          "properties": {
                            "status": {
                              "type": "string"
                            },
                            "actions": {
                              "type": "integer"
                            },
                            "versions": {
                              "type": "integer"
                            },
                            "contracts": {
                              "type": "integer"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/search": {
              "get": {
                "operationId": "search",
                "summary": "Full-text search over current actions with filters, facets and keyset pagination (newest signed first)",
                "parameters": [
                  {
                    "name": "q",
                    "in": "query",
                    "required": false,
                    "description": "Words (SQLite FTS5 syntax; quote phrases)",
                    "schema": {
                      "type": "string",
                      "maxLength": 500
                    }
                  },
                  {
                    "name": "agency",
                    "in": "query",
                    "required": false,
                    "description": "Contracting or funding agency code",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "office",
                    "in": "query",
                    "required": false,
                    "description": "Contracting office code",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "vendor",
                    "in": "query",
                    "required": false,
                    "description": "A UEI or words of the vendor's name",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "psc",
                    "in": "query",
                    "required": false,
                    "description": "Product or service code, or its prefix",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "naics",
                    "in": "query",
                    "required": false,
                    "description": "NAICS code, or its prefix",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "from",
                    "in": "query",
                    "required": false,
                    "description": "Signed on or after",
                    "schema": {
                      "type": "string",
                      "format": "date"
                    }
                  },
                  {
                    "name": "to",
                    "in": "query",
                    "required": false,
                    "description": "Signed before",
                    "schema": {
                      "type": "string",
                      "format": "date"
                    }
                  },
                  {
                    "name": "minAmount",
                    "in": "query",
                    "required": false,
                    "description": "Obligated at least",
                    "schema": {
                      "type": "number"
                    }
                  },
                  {
                    "name": "maxAmount",
                    "in": "query",
                    "required": false,
                    "description": "Obligated at most",
                    "schema": {
                      "type": "number"
                    }
                  },
                  {
                    "name": "type",
                    "in": "query",
                    "required": false,
                    "description": "Only actions with an event of this type",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "award",
                        "order",
                        "idv_award",
                        "option_exercised",
                        "funding",
                        "deobligation",
                        "value_increase",
                        "value_decrease",
                        "period_extended",
                        "period_shortened",
                        "stop_work_issued",
                        "stop_work_lifted",
                        "terminated_for_convenience",
                        "terminated_for_default",
                        "terminated_for_cause",
                        "cancelled",
                        "reinstated",
                        "novation",
                        "vendor_identity_change",
                        "piid_change",
                        "closeout",
                        "change_order",
                        "supplemental_agreement",
                        "administrative",
                        "record_corrected",
                        "record_deleted"
                      ]
                    }
                  },
                  {
                    "name": "watchlist",
                    "in": "query",
                    "required": false,
                    "description": "Only actions that matched this watchlist",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "description": "Results per page",
                    "schema": {
                      "type": "integer",
                      "minimum": 1,
                      "maximum": 200
                    }
                  },
                  {
                    "name": "cursor",
                    "in": "query",
                    "required": false,
                    "description": "nextCursor of the previous page",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/SearchResult"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "Bad input: an unknown parameter, a bad date or number, invalid search syntax",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/contracts/{agencyID}/{piid}": {
              "get": {
                "operationId": "contract",
                "summary": "A contract's timeline: states, suspensions, obligations, actions and events",
                "parameters": [
                  {
                    "name": "agencyID",
                    "in": "path",
                    "required": true,
                    "description": "Agency code",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  },
                  {
                    "name": "piid",
                    "in": "path",
                    "required": true,
                    "description": "PIID",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Contract"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "No such contract",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/events": {
              "get": {
                "operationId": "events",
                "summary": "Events in date order",
                "parameters": [
                  {
                    "name": "since",
                    "in": "query",
                    "required": false,
                    "description": "Dated on or after",
                    "schema": {
                      "type": "string",
                      "format": "date"
                    }
                  },
                  {
                    "name": "type",
                    "in": "query",
                    "required": false,
                    "description": "Event type",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "award",
                        "order",
                        "idv_award",
                        "option_exercised",
                        "funding",
                        "deobligation",
                        "value_increase",
                        "value_decrease",
                        "period_extended",
                        "period_shortened",
                        "stop_work_issued",
                        "stop_work_lifted",
                        "terminated_for_convenience",
                        "terminated_for_default",
                        "terminated_for_cause",
                        "cancelled",
                        "reinstated",
                        "novation",
                        "vendor_identity_change",
                        "piid_change",
                        "closeout",
                        "change_order",
                        "supplemental_agreement",
                        "administrative",
                        "record_corrected",
                        "record_deleted"
                      ]
                    }
                  },
                  {
                    "name": "watchlist",
                    "in": "query",
                    "required": false,
                    "description": "Only events of actions that matched this watchlist",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "vendor",
                    "in": "query",
                    "required": false,
                    "description": "Only this vendor's (UEI)",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "description": "At most this many",
                    "schema": {
                      "type": "integer",
                      "minimum": 1,
                      "maximum": 5000
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "required": [
                            "events"
                          ],
                          "properties": {
                            "events": {
                              "type": "array",
                              "items": {
                                "$ref": "#/components/schemas/Event"
                              }
                            }
                          }
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "Bad input",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "No such watchlist",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/vendors/{uei}": {
              "get": {
                "operationId": "vendor",
                "summary": "A vendor: names, identifiers, parent, contracts",
                "parameters": [
                  {
                    "name": "uei",
                    "in": "path",
                    "required": true,
                    "description": "Unique Entity ID",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Vendor"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "No such vendor",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/watchlists": {
              "get": {
                "operationId": "watchlists",
                "summary": "Every watchlist with its counts",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "required": [
                            "watchlists"
                          ],
                          "properties": {
                            "watchlists": {
                              "type": "array",
                              "items": {
                                "$ref": "#/components/schemas/WatchlistSummary"
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/watchlists/{name}": {
              "get": {
                "operationId": "watchlist",
                "summary": "A watchlist as JSON (the import/export shape)",
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "Watchlist name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Watchlist"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "No such watchlist",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "put": {
                "operationId": "saveWatchlist",
                "summary": "Create or replace a watchlist, then screen stored history against its new and changed entries",
                "security": [
                  {
                    "bearer": []
                  }
                ],
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "Watchlist name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Watchlist"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/SaveResult"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "Not a valid watchlist",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "No valid token",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "Body too large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "delete": {
                "operationId": "removeWatchlist",
                "summary": "Remove a watchlist and its matches (judgements are kept)",
                "security": [
                  {
                    "bearer": []
                  }
                ],
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "Watchlist name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ],
                "responses": {
                  "204": {
                    "description": "Removed"
                  },
                  "401": {
                    "description": "No valid token",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "No such watchlist",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/watchlists/{name}/judgements": {
              "post": {
                "operationId": "judge",
                "summary": "Record whether a vendor is the entity of an entry",
                "security": [
                  {
                    "bearer": []
                  }
                ],
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "Watchlist name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Judgement"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Recorded",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/JudgementResult"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "Bad input or unknown entry",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "No valid token",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "No such watchlist",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "Body too large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/feeds/events.atom": {
              "get": {
                "operationId": "eventsFeed",
                "summary": "Atom feed of events, newest detected first",
                "responses": {
                  "200": {
                    "description": "Atom 1.0",
                    "content": {
                      "application/atom+xml": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/feeds/watchlists/{name}.atom": {
              "get": {
                "operationId": "watchlistFeed",
                "summary": "Atom feed of events, newest detected first",
                "responses": {
                  "200": {
                    "description": "Atom 1.0",
                    "content": {
                      "application/atom+xml": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "Not found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "Watchlist name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ]
              }
            },
            "/feeds/contracts/{agencyID}/{piid}.atom": {
              "get": {
                "operationId": "contractFeed",
                "summary": "Atom feed of events, newest detected first",
                "responses": {
                  "200": {
                    "description": "Atom 1.0",
                    "content": {
                      "application/atom+xml": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "Not found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "parameters": [
                  {
                    "name": "agencyID",
                    "in": "path",
                    "required": true,
                    "description": "Agency code",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  },
                  {
                    "name": "piid",
                    "in": "path",
                    "required": true,
                    "description": "PIID",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ]
              }
            },
            "/feeds/vendors/{uei}.atom": {
              "get": {
                "operationId": "vendorFeed",
                "summary": "Atom feed of events, newest detected first",
                "responses": {
                  "200": {
                    "description": "Atom 1.0",
                    "content": {
                      "application/atom+xml": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "Not found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "parameters": [
                  {
                    "name": "uei",
                    "in": "path",
                    "required": true,
                    "description": "UEI",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ]
              }
            }
          },
          "components": {
            "schemas": {
              "Error": {
                "type": "object",
                "required": [
                  "error"
                ],
                "properties": {
                  "error": {
                    "type": "object",
                    "required": [
                      "message"
                    ],
                    "properties": {
                      "message": {
                        "type": "string"
                      }
                    }
                  }
                }
              },
              "Code": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "required": [
                      "code"
                    ],
                    "properties": {
                      "code": {
                        "type": "string"
                      },
                      "description": {
                        "type": [
                          "string",
                          "null"
                        ]
                      }
                    }
                  }
                ]
              },
              "Action": {
                "type": "object",
                "required": [
                  "agencyID",
                  "piid",
                  "modNumber",
                  "transactionNumber",
                  "idvAgencyID",
                  "idvPIID",
                  "kind",
                  "signedDate",
                  "effectiveDate",
                  "currentCompletionDate",
                  "ultimateCompletionDate",
                  "obligatedAmount",
                  "baseAndExercisedOptionsValue",
                  "baseAndAllOptionsValue",
                  "totalObligatedAmount",
                  "contractActionType",
                  "reasonForModification",
                  "description",
                  "vendorName",
                  "vendorUEI",
                  "ultimateParentUEI",
                  "ultimateParentName",
                  "cageCode",
                  "contractingAgencyID",
                  "contractingOfficeID",
                  "fundingAgencyID",
                  "productOrServiceCode",
                  "naicsCode",
                  "lastModifiedDate",
                  "firstSeen",
                  "lastSeen",
                  "sourceURL"
                ],
                "properties": {
                  "agencyID": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "piid": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "modNumber": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "transactionNumber": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "idvAgencyID": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "idvPIID": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "kind": {
                    "type": "string"
                  },
                  "signedDate": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "effectiveDate": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "currentCompletionDate": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "ultimateCompletionDate": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "obligatedAmount": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "baseAndExercisedOptionsValue": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "baseAndAllOptionsValue": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "totalObligatedAmount": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "contractActionType": {
                    "$ref": "#/components/schemas/Code"
                  },
                  "reasonForModification": {
                    "$ref": "#/components/schemas/Code"
                  },
                  "description": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "vendorName": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "vendorUEI": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "ultimateParentUEI": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "ultimateParentName": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "cageCode": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "contractingAgencyID": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "contractingOfficeID": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "fundingAgencyID": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "productOrServiceCode": {
                    "$ref": "#/components/schemas/Code"
                  },
                  "naicsCode": {
                    "$ref": "#/components/schemas/Code"
                  },
                  "lastModifiedDate": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "firstSeen": {
                    "type": "string"
                  },
                  "lastSeen": {
                    "type": "string"
                  },
                  "sourceURL": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              },
              "Evidence": {
                "type": "object",
                "required": [
                  "rule"
                ],
                "properties": {
                  "rule": {
                    "type": "string"
                  },
                  "code": {
                    "type": "string"
                  },
                  "text": {
                    "type": "string"
                  },
                  "field": {
                    "type": "string"
                  },
                  "from": {
                    "type": "string"
                  },
                  "to": {
                    "type": "string"
                  },
                  "start": {
                    "type": "integer"
                  },
                  "end": {
                    "type": "integer"
                  }
                }
              },
              "MatchFeature": {
                "type": "object",
                "required": [
                  "rule",
                  "contribution",
                  "detail"
                ],
                "properties": {
                  "rule": {
                    "type": "string"
                  },
                  "contribution": {
                    "type": "number"
                  },
                  "detail": {
                    "type": "string"
                  }
                }
              },
              "WatchlistMatch": {
                "type": "object",
                "required": [
                  "watchlist",
                  "entryID",
                  "entryName",
                  "score",
                  "historical",
                  "vendorKey",
                  "explanation"
                ],
                "properties": {
                  "watchlist": {
                    "type": "string"
                  },
                  "entryID": {
                    "type": "string"
                  },
                  "entryName": {
                    "type": "string"
                  },
                  "score": {
                    "type": "number"
                  },
                  "historical": {
                    "type": "boolean"
                  },
                  "matchedAt": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "vendorKey": {
                    "type": "string"
                  },
                  "explanation": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/MatchFeature"
                    }
                  }
                }
              },
              "Event": {
                "type": "object",
                "required": [
                  "id",
                  "type",
                  "agencyID",
                  "piid",
                  "modNumber",
                  "date",
                  "amount",
                  "confidence",
                  "partial",
                  "evidence",
                  "detectedAt",
                  "watchlistEntries"
                ],
                "properties": {
                  "id": {
                    "type": "string"
                  },
                  "type": {
                    "type": "string",
                    "enum": [
                      "award",
                      "order",
                      "idv_award",
                      "option_exercised",
                      "funding",
                      "deobligation",
                      "value_increase",
                      "value_decrease",
                      "period_extended",
                      "period_shortened",
                      "stop_work_issued",
                      "stop_work_lifted",
                      "terminated_for_convenience",
                      "terminated_for_default",
                      "terminated_for_cause",
                      "cancelled",
                      "reinstated",
                      "novation",
                      "vendor_identity_change",
                      "piid_change",
                      "closeout",
                      "change_order",
                      "supplemental_agreement",
                      "administrative",
                      "record_corrected",
                      "record_deleted"
                    ]
                  },
                  "agencyID": {
                    "type": "string"
                  },
                  "piid": {
                    "type": "string"
                  },
                  "modNumber": {
                    "type": "string"
                  },
                  "date": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "amount": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "confidence": {
                    "type": "number"
                  },
                  "partial": {
                    "type": "boolean"
                  },
                  "evidence": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Evidence"
                    }
                  },
                  "detectedAt": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "watchlistEntries": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/WatchlistMatch"
                    }
                  }
                }
              },
              "FacetCount": {
                "type": "object",
                "required": [
                  "value",
                  "label",
                  "count"
                ],
                "properties": {
                  "value": {
                    "type": "string"
                  },
                  "label": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "count": {
                    "type": "integer"
                  }
                }
              },
              "SearchResult": {
                "type": "object",
                "required": [
                  "actions",
                  "facets",
                  "facetTotal",
                  "nextCursor"
                ],
                "properties": {
                  "actions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Action"
                    }
                  },
                  "facets": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/FacetCount"
                      }
                    }
                  },
                  "facetTotal": {
                    "type": "integer"
                  },
                  "nextCursor": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              },
              "Contract": {
                "type": "object",
                "required": [
                  "agencyID",
                  "piid",
                  "state",
                  "summary",
                  "completionDate",
                  "states",
                  "suspensions",
                  "obligations",
                  "actions",
                  "events"
                ],
                "properties": {
                  "agencyID": {
                    "type": "string"
                  },
                  "piid": {
                    "type": "string"
                  },
                  "state": {
                    "type": "string",
                    "enum": [
                      "active",
                      "suspended",
                      "terminated",
                      "cancelled",
                      "closed"
                    ]
                  },
                  "summary": {
                    "type": "string"
                  },
                  "completionDate": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "states": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "state",
                        "partial",
                        "from",
                        "to",
                        "cause",
                        "eventID"
                      ],
                      "properties": {
                        "state": {
                          "type": "string"
                        },
                        "partial": {
                          "type": "boolean"
                        },
                        "from": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "to": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "cause": {
                          "type": "string"
                        },
                        "eventID": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "suspensions": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "issued",
                        "issuedBy",
                        "ended",
                        "endedBy",
                        "endedAs",
                        "days",
                        "unresolved",
                        "partial"
                      ],
                      "properties": {
                        "issued": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "issuedBy": {
                          "type": "string"
                        },
                        "ended": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "endedBy": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "endedAs": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "days": {
                          "type": [
                            "integer",
                            "null"
                          ]
                        },
                        "unresolved": {
                          "type": "boolean"
                        },
                        "partial": {
                          "type": "boolean"
                        }
                      }
                    }
                  },
                  "obligations": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "modNumber",
                        "date",
                        "obligated",
                        "cumulativeObligated",
                        "currentValue",
                        "potentialValue"
                      ],
                      "properties": {
                        "modNumber": {
                          "type": "string"
                        },
                        "date": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "obligated": {
                          "type": "number"
                        },
                        "cumulativeObligated": {
                          "type": "number"
                        },
                        "currentValue": {
                          "type": "number"
                        },
                        "potentialValue": {
                          "type": "number"
                        }
                      }
                    }
                  },
                  "actions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Action"
                    }
                  },
                  "events": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Event"
                    }
                  }
                }
              },
              "Vendor": {
                "type": "object",
                "required": [
                  "uei",
                  "name",
                  "names",
                  "cageCode",
                  "duns",
                  "country",
                  "ultimateParentUEI",
                  "ultimateParentName",
                  "firstSeen",
                  "lastSeen",
                  "actionCount",
                  "contractCount",
                  "contracts"
                ],
                "properties": {
                  "uei": {
                    "type": "string"
                  },
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "names": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "cageCode": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "duns": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "country": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "ultimateParentUEI": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "ultimateParentName": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "firstSeen": {
                    "type": "string"
                  },
                  "lastSeen": {
                    "type": "string"
                  },
                  "actionCount": {
                    "type": "integer"
                  },
                  "contractCount": {
                    "type": "integer"
                  },
                  "contracts": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "agencyID",
                        "piid",
                        "lastSigned",
                        "actions"
                      ],
                      "properties": {
                        "agencyID": {
                          "type": "string"
                        },
                        "piid": {
                          "type": "string"
                        },
                        "lastSigned": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "actions": {
                          "type": "integer"
                        }
                      }
                    }
                  }
                }
              },
              "WatchlistSummary": {
                "type": "object",
                "required": [
                  "name",
                  "description",
                  "builtin",
                  "entries",
                  "matches",
                  "updatedAt"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "description": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "builtin": {
                    "type": "boolean"
                  },
                  "entries": {
                    "type": "integer"
                  },
                  "matches": {
                    "type": "integer"
                  },
                  "updatedAt": {
                    "type": "string"
                  }
                }
              },
              "Watchlist": {
                "type": "object",
                "required": [
                  "name",
                  "entries"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "description": {
                    "type": "string"
                  },
                  "entries": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "id",
                        "name"
                      ],
                      "properties": {
                        "id": {
                          "type": "string",
                          "pattern": "^[A-Za-z0-9_-]{1,64}$"
                        },
                        "kind": {
                          "type": "string",
                          "enum": [
                            "vendor",
                            "agency",
                            "keyword",
                            "psc",
                            "naics"
                          ]
                        },
                        "name": {
                          "type": "string",
                          "minLength": 1
                        },
                        "aliases": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        },
                        "country": {
                          "type": "string"
                        },
                        "threshold": {
                          "type": "number",
                          "minimum": 0,
                          "maximum": 1
                        },
                        "codes": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        },
                        "query": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              },
              "SaveResult": {
                "type": "object",
                "required": [
                  "name",
                  "changedEntries",
                  "actionsScreened",
                  "historicalMatches"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "changedEntries": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "actionsScreened": {
                    "type": "integer"
                  },
                  "historicalMatches": {
                    "type": "integer"
                  }
                }
              },
              "Judgement": {
                "type": "object",
                "required": [
                  "entryID",
                  "vendor",
                  "same"
                ],
                "properties": {
                  "entryID": {
                    "type": "string"
                  },
                  "vendor": {
                    "type": "string",
                    "minLength": 1
                  },
                  "same": {
                    "type": "boolean"
                  },
                  "note": {
                    "type": "string"
                  }
                }
              },
              "JudgementResult": {
                "type": "object",
                "required": [
                  "watchlist",
                  "entryID",
                  "vendorKey",
                  "same",
                  "decidedAt"
                ],
                "properties": {
                  "watchlist": {
                    "type": "string"
                  },
                  "entryID": {
                    "type": "string"
                  },
                  "vendorKey": {
                    "type": "string"
                  },
                  "same": {
                    "type": "boolean"
                  },
                  "decidedAt": {
                    "type": "string"
                  }
                }
              }
            },
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer"
              }
            }
          }
        }
        """##
}
