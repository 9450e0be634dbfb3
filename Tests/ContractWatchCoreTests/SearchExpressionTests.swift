import ContractWatchCore
import Testing

/// The search language as users write it: what each form means, and where a mistake is reported.
@Suite struct SearchExpressionTests {
    @Test(arguments: [
        ("stop work", SearchExpression.all([.word("stop"), .word("work")])),
        ("\"lift the stop work order\"", .phrase("lift the stop work order")),
        ("stop work lift OR lifted", .all([.word("stop"), .word("work"), .any([.word("lift"), .word("lifted")])])),
        ("\"stop work\" -cancel", .all([.phrase("stop work"), .not(.word("cancel"))])),
        ("surveil*", .prefix("surveil")),
        ("vendor:\"paragon solutions\"", .field(.vendor, "paragon solutions")),
        ("Agency:7012 psc:d3 naics:5415", .all([.field(.agency, "7012"), .field(.psc, "d3"), .field(.naics, "5415")])),
        (
            "(spyware OR malware) -training",
            .all([.any([.word("spyware"), .word("malware")]), .not(.word("training"))])
        ),
        ("-(a OR b) c", .all([.not(.any([.word("a"), .word("b")])), .word("c")])),
        // Punctuation inside a word stays with it; a hyphen only excludes at a term's start.
        ("stop-work co-op", .all([.word("stop-work"), .word("co-op")])),
        // Words of punctuation alone are never indexed, so they are dropped, not searched for.
        ("Smith & Wesson", .all([.word("Smith"), .word("Wesson")])),
        // A lower-case "or" is a word, and a colon after digits is no field.
        ("black or white 10:30", .all([.word("black"), .word("or"), .word("white"), .word("10:30")])),
        ("  \"stop   work\"  ", .phrase("stop work")),
    ])
    func formsMeanWhatTheDocumentationSays(text: String, expected: SearchExpression) throws {
        let parsed = try SearchExpression(parsing: text)
        #expect(parsed == expected)
        // Written back, it reads as the same expression.
        #expect(try SearchExpression(parsing: parsed.text) == parsed)
    }

    @Test(arguments: [
        ("\"stop work", 1, "this phrase is never closed"),
        ("stop \"work", 6, "this phrase is never closed"),
        ("OR stop", 1, "OR needs a term before it"),
        ("stop OR", 6, "OR needs a term after it"),
        ("stop OR OR work", 6, "OR needs a term after it"),
        ("stop AND work", 6, "AND is implied between terms"),
        ("NOT stop", 1, "NOT is written as \"-\""),
        ("stop - work", 6, "\"-\" excludes the term written right after it"),
        ("--stop", 2, "a term can be excluded once"),
        ("(stop work", 1, "this \"(\" is never closed"),
        ("stop work)", 10, "this \")\" closes no \"(\""),
        ("()", 1, "the parentheses hold nothing"),
        ("st*op", 3, "\"*\" can only end a word"),
        ("*", 1, "\"*\" ends a word's first letters"),
        ("colour:red", 1, "there is no field \"colour\": the fields are vendor, agency, piid, psc, naics"),
        ("vendor: paragon", 1, "vendor: needs a value right after it"),
        ("\"&\"", 1, "the quotes hold no word"),
        ("", 1, "there is nothing to search for"),
        ("& .", 1, "there is no word to search for"),
    ])
    func mistakesSayWhereAndWhatToFix(text: String, column: Int, problem: String) {
        let error = #expect(throws: SearchSyntaxError.self) { try SearchExpression(parsing: text) }
        #expect(error?.column == column)
        #expect(error?.problem.hasPrefix(problem) == true, "\(error?.problem ?? "")")
        #expect(error?.description.contains("at character \(column), ") == true)
    }

    @Test func fieldValuesAreReadAsIdentifiersOrNames() {
        #expect(SearchFieldMatch(.vendor, "sqcffdxbqj78") == .vendorUEI("SQCFFDXBQJ78"))
        #expect(SearchFieldMatch(.vendor, "paragon solutions") == .vendorName("paragon solutions"))
        #expect(SearchFieldMatch(.agency, "097f") == .agencyCode("097F"))
        #expect(SearchFieldMatch(.agency, "NASA") == .agencyName("NASA"))
        #expect(SearchFieldMatch(.piid, "70cmsd24c00000009") == .piid("70CMSD24C00000009"))
        #expect(SearchFieldMatch(.psc, "d3") == .productOrServiceCodePrefix("D3"))
    }

    @Test func fullTextQueriesSavedBeforeTheLanguageKeepTheirMeaning() throws {
        #expect(SearchExpression.rewritingFullTextQuery("\"stop work\"") == "\"stop work\"")
        #expect(SearchExpression.rewritingFullTextQuery("stop AND work NOT cancel") == "stop work -cancel")
        #expect(SearchExpression.rewritingFullTextQuery("NEAR(stop work, 3") == "NEAR stop work 3")
        for query in ["stop AND work NOT cancel", "NEAR(stop work, 3", "\"a", "x OR"] {
            _ = try SearchExpression(parsing: SearchExpression.rewritingFullTextQuery(query))
        }
    }
}
