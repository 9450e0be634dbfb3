/// The OpenAPI 3.1 description of the JSON API and the feeds, served at `/openapi.json`: the file
/// `Resources/openapi.json`, compiled into the binary. Edit that file when an endpoint changes.
///
/// The web checks validate it (`openapi-spec-validator`) and fuzz the running server against it
/// (`schemathesis`), and `OpenAPIDriftTests` compares its paths with the router's and its event
/// types with ``EventType``, so a drift from the controllers fails the test command.
enum OpenAPIDocument {
    static let json = String(decoding: PackageResources.openapi_json, as: UTF8.self)
}
