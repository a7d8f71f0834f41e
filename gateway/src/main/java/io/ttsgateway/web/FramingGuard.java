package io.ttsgateway.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Refuses smuggling-shaped framing (API.md §10): a {@code Transfer-Encoding} other than exactly one {@code chunked},
 * or one together with {@code Content-Length}. RFC 9112 §6.1 says such a request must be answered 400 and its
 * connection closed, because two servers in a row could disagree on where its body ends and where the next request
 * begins. Netty's decoder refuses some of these itself (since 4.2.18 {@code chunked, xchunked} too) with a bare 400;
 * others it accepts ({@code gzip, chunked}).
 *
 * <p>Sits right after the HTTP decoder. A refused request goes on without a body, marked with {@link #REFUSED} and
 * {@code Connection: close}, so that {@link FramingFilter} answers it with the API's problem+json and the server
 * closes the connection after that answer; everything the connection sends after it (its body, a smuggled request)
 * is dropped here, unread by anyone. The marker cannot be sent from outside: it is removed from every request first.
 */
final class FramingGuard extends ChannelInboundHandlerAdapter {

    /** The request header that tells {@link FramingFilter} this request's framing was refused. */
    static final String REFUSED = "x-gateway-refused-framing";

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            // The connection closes after the answer to the refused request: nothing after it is read as HTTP.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            request.headers().remove(REFUSED);
            if (badFraming(request)) {
                refuse(ctx, request);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request) {
        refused = true;
        HttpHeaders headers = request.headers();
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        headers.set(REFUSED, "true");
        request.setDecoderResult(DecoderResult.SUCCESS);
        if (request instanceof HttpContent content) {
            // A request decoded whole: its body is dropped like any other.
            content.content().clear();
            ctx.fireChannelRead(request);
            if (!(request instanceof LastHttpContent)) {
                ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            return;
        }
        ctx.fireChannelRead(request);
        ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /**
     * Whether the request's message-length headers are refused: anything but none or exactly one
     * {@code Transfer-Encoding: chunked} without {@code Content-Length}, and whatever the decoder itself refused
     * about them (a {@code Content-Length} with a {@code Transfer-Encoding}, several lengths, a coding after
     * {@code chunked}). Headers that were too long stay the server's to answer (431).
     */
    static boolean badFraming(HttpMessage message) {
        HttpHeaders headers = message.headers();
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        boolean framed = !codings.isEmpty() || headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        DecoderResult result = message.decoderResult();
        if (result.isFailure()) {
            return framed && !(result.cause() instanceof TooLongFrameException);
        }
        if (codings.isEmpty()) {
            return false;
        }
        return codings.size() > 1
                || !HttpHeaderValues.CHUNKED.contentEquals(codings.get(0))
                || headers.contains(HttpHeaderNames.CONTENT_LENGTH);
    }
}
