package io.ttsgateway.web;

import io.netty.channel.EventLoop;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Works around a Reactor Netty 1.3 keep-alive bug (reactor-netty issue 4361, pull request 4347; 1.3.6 to 1.3.8,
 * the releases this build can use, still have it). When a caller sends its next request on a kept-alive connection
 * while the previous exchange is still finishing, the server queues it; if that queued request is then answered in
 * the same call that dequeues it (a fast {@code GET}), the server forgets to resume reading, and the caller's
 * following request hangs until it gives up. Official SDKs and browsers reuse connections exactly like that.
 *
 * <p>Handling every exchange one task later on its own event loop lets the server finish dequeuing first; the
 * answer then resumes reading as it should. The cost is one event-loop task per request.
 *
 * <p>{@code GATEWAY_KEEPALIVE_WORKAROUND=false} turns it off. {@code ReactorNettyKeepAliveCanaryTest} reproduces the
 * bug on a bare Reactor Netty server and fails on the day a dependency upgrade fixes it: then remove this filter, its
 * setting and the canary. {@code KeepAliveIT} shows the gateway's own connections do not hang.
 */
final class DeferredDispatchFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        EventLoop loop = eventLoop(exchange.getRequest());
        return loop == null ? chain.filter(exchange) : chain.filter(exchange).subscribeOn(Schedulers.fromExecutor(loop));
    }

    private static EventLoop eventLoop(ServerHttpRequest request) {
        ServerHttpRequest current = request;
        while (current instanceof ServerHttpRequestDecorator decorator) {
            current = decorator.getDelegate();
        }
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(current);
        } catch (IllegalArgumentException notNetty) {
            return null;
        }
        if (nativeRequest instanceof HttpServerRequest netty) {
            EventLoop[] loop = new EventLoop[1];
            netty.withConnection(connection -> loop[0] = connection.channel().eventLoop());
            return loop[0];
        }
        return null;
    }
}
