package io.ttsgateway.web;

import io.ttsgateway.api.GatewayExchange;
import io.ttsgateway.api.TtsHeaders;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id (the caller's own when it is safe to echo) and puts it on every answer, success or not,
 * before anything else runs, so even an authentication failure can be traced (API.md §2).
 */
final class RequestIdFilter implements WebFilter {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = choose(exchange.getRequest().getHeaders().getFirst(TtsHeaders.REQUEST_ID));
        GatewayExchange.REQUEST_ID.set(exchange, id);
        exchange.getResponse().getHeaders().set(TtsHeaders.REQUEST_ID, id);
        return chain.filter(exchange);
    }

    static String choose(String callerId) {
        return callerId != null && SAFE.matcher(callerId).matches() ? callerId : newId();
    }

    /**
     * A random version-4 UUID from {@link ThreadLocalRandom}: request ids need to be unique, not unguessable, and
     * {@code UUID.randomUUID()} may block on the entropy source of an event-loop thread.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
