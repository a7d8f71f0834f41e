package io.ttsgateway.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A filter and its place in {@link FilterOrder}: the only kind of {@link WebFilter} bean the gateway declares, so no
 * filter gets a place by an annotation somewhere else.
 */
record OrderedFilter(int order, WebFilter filter) implements WebFilter, Ordered {

    /**
     * Spring labels each filter of every request with its {@code toString()}; a record's own formats the order and
     * the delegate's identity hash each time, measurably on the hot path. The delegate's class name is label enough.
     */
    @Override
    public String toString() {
        return filter.getClass().getSimpleName();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return filter.filter(exchange, chain);
    }

    @Override
    public int getOrder() {
        return order;
    }
}
