package io.ttsgateway.web;

import io.netty.channel.Channel;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Works around a Reactor Netty 1.3 keep-alive bug (reactor-netty issue 4361, pull request 4347; 1.3.6 and 1.3.7 have
 * it; on 1.3.8, which this build uses, the canary's bare-server case no longer hangs, but the filter stays until the
 * gateway's own connections are shown not to need it). When a caller sends its next request on a kept-alive connection
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
        Channel channel = NettyConnections.channel(exchange.getRequest());
        return channel == null
                ? chain.filter(exchange)
                : chain.filter(exchange).subscribeOn(Schedulers.fromExecutor(channel.eventLoop()));
    }
}
