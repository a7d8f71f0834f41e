package io.ttsgateway.limits;

import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.ClientAuthFilter;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-client rate and concurrency for every synthesis request, on any surface, before its body is read: so a request
 * later rejected as invalid still counts against the rate (API.md §4). The concurrency slot is held until the answer
 * is completely written (the filter chain completes when the last byte of a stream went out, or the caller left) and
 * renewed meanwhile, so only a crashed replica's slots are left to expire.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class SynthesisLimitsFilter implements WebFilter {

    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String RESET = "X-RateLimit-Reset";

    private final LimitStores stores;
    private final LimitKeys keys;
    private final Duration leaseTtl;

    public SynthesisLimitsFilter(LimitStores stores, LimitKeys keys, RedisProperties redis) {
        this.stores = stores;
        this.keys = keys;
        this.leaseTtl = redis.leaseTtl();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (!SynthesisPaths.matches(request.getMethod(), request.getPath().pathWithinApplication().value())
                || exchange.getAttribute(ClientAuthFilter.ATTRIBUTE) == null) {
            return chain.filter(exchange);
        }
        Client client = ClientAuthFilter.of(exchange);
        return stores.shared(store -> store.consumeRate(keys.rate(client.id()), client.limits()))
                .flatMap(rate -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.set(LIMIT, Long.toString(rate.value().limit()));
                    headers.set(REMAINING, Long.toString(rate.value().remaining()));
                    headers.set(RESET, Long.toString(rate.value().resetEpochSecond()));
                    if (!rate.value().allowed()) {
                        return Mono.error(new LimitExceeded("rate-limited", "more than "
                                + client.limits().requestsPerMinute() + " requests per minute (burst "
                                + client.limits().burst() + ")", rate.value().retryAfterSeconds()));
                    }
                    return withSlot(exchange, chain, client);
                });
    }

    private Mono<Void> withSlot(ServerWebExchange exchange, WebFilterChain chain, Client client) {
        String key = keys.streams(client.id());
        String lease = leaseId();
        int max = client.limits().maxConcurrentStreams();
        return stores.shared(store -> store.acquireSlot(key, lease, max, leaseTtl)).flatMap(slot -> {
            if (!slot.value()) {
                return Mono.error(new LimitExceeded("too-many-streams",
                        "already " + max + " synthesis requests in flight for this client", 1));
            }
            LimitStore store = slot.store();
            Disposable renewal = Flux.interval(leaseTtl.dividedBy(3))
                    .concatMap(tick -> store.renewSlot(key, lease, leaseTtl).onErrorResume(e -> Mono.empty()))
                    .subscribe();
            return chain.filter(exchange).doFinally(signal -> {
                renewal.dispose();
                // Released on completion, error and caller disconnect alike; a failed release expires with its lease.
                store.releaseSlot(key, lease).onErrorResume(e -> Mono.empty()).subscribe();
            });
        });
    }

    private static String leaseId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
