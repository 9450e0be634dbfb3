import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// HTTP/1.1 with a request-head timeout: Hummingbird's HTTP1 channel, plus a handler after the
/// HTTP decoder that closes a connection whose request line and headers have not all arrived
/// within `headerTimeout` of the request's first byte.
///
/// A client that opens connections and trickles request lines (slowloris) holds each for at most
/// `headerTimeout`, however steadily it trickles. A connection on which nothing arrives at all is
/// Hummingbird's `idleTimeout`'s (as is a body that stalls), so keep-alive connections may idle
/// longer than a head may take, as in Go's `ReadHeaderTimeout` and nginx's `client_header_timeout`.
struct TimedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let headerTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = headerTimeout
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            // First, where bytes arrive: it tells the timer below that a request has begun.
            try pipeline.addHandler(RequestBytesHandler(), position: .first)
            // After the decoder, where the request parts are NIOHTTP1's, before Hummingbird's codec.
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestHeadTimeoutHandler(timeout: timeout), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

/// Sent up the pipeline with every read of bytes from the client.
struct RequestBytesArrived {}

/// Announces each read of bytes, before the HTTP decoder holds them back as a partial head.
final class RequestBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(RequestBytesArrived())
        context.fireChannelRead(data)
    }
}

/// Closes the connection when a request's head has not arrived within `timeout` of its first
/// byte. The clock starts with bytes that arrive while no request is in progress, and stops at
/// the head.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeout: TimeAmount
    /// Requests whose head was read and whose response has not ended.
    private var inProgress = 0
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesArrived else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // Bytes of a body, or of a request pipelined behind one in progress, do not start it.
        if inProgress == 0, deadline == nil { startClock(context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            inProgress += 1
            stopClock()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { inProgress = max(0, inProgress - 1) }
        context.write(data, promise: promise)
    }

    private func startClock(_ context: ChannelHandlerContext) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    private func stopClock() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension RequestHeadTimeoutHandler: Sendable {}

@available(*, unavailable)
extension RequestBytesHandler: Sendable {}
