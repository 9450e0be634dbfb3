package import Hummingbird
package import NIOCore

/// The request context: Hummingbird's core storage plus the connection's two addresses: the
/// peer's, which the rate limiter keys on, and the local one, which links are built from when no
/// public URL is configured.
package struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let remoteAddress: SocketAddress?
    package let localAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        localAddress = source.channel.localAddress
    }
}
