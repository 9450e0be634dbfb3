extension AgencyCodeSQL {
    /// The agency codes `code` names (itself, and a department's agencies), each once, sorted.
    static func codes(naming code: String, in session: PostgresSession) async throws -> [String] {
        Set(try await session.values(agencies, [code, code], as: String.self)).sorted()
    }
}
