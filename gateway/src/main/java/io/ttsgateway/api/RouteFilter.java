package io.ttsgateway.api;

import io.ttsgateway.auth.Authenticator;
import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.StreamGrant;
import io.ttsgateway.limits.RateDecision;
import io.ttsgateway.limits.SynthesisAdmission;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Applies what a route's row says, on the route the router matched (so every spelling of a path it accepts is
 * guarded the same): notes the route for the error shape and the metric tag, authenticates the caller, and for
 * synthesis routes takes a rate token (API.md §3, §4) before the body is read, so a request later found invalid still
 * counts against the rate. The concurrency slot is taken with the request's characters, once its body is known
 * ({@code SynthesisService}).
 */
final class RouteFilter {

    private final Authenticator authenticator;
    private final SynthesisAdmission admission;

    RouteFilter(Authenticator authenticator, SynthesisAdmission admission) {
        this.authenticator = authenticator;
        this.admission = admission;
    }

    HandlerFilterFunction<ServerResponse, ServerResponse> of(Route route) {
        return (request, next) -> {
            ServerWebExchange exchange = request.exchange();
            GatewayExchange.ROUTE.set(exchange, route);
            GatewayExchange.TELEMETRY.get(exchange).ifPresent(t -> t.route(route.endpoint(), route.synthesis()));
            if (route.credentials() == Route.Credentials.NONE) {
                return next.handle(request);
            }
            if (route.credentials() == Route.Credentials.KEY_TOKEN_OR_FIRST_MESSAGE
                    && Authenticator.presentedKey(exchange.getRequest().getHeaders(), true)
                            .isEmpty()
                    && !exchange.getRequest().getQueryParams().containsKey("token")) {
                // Nothing presented yet: the first message will carry the key, and the rate is taken then.
                return Mono.fromRunnable(() -> authenticator.refuseKeysInUrl(
                                exchange.getRequest().getQueryParams()))
                        .then(Mono.defer(() -> next.handle(request)));
            }
            return Mono.fromCallable(() -> authenticate(route, exchange)).flatMap(client -> {
                GatewayExchange.CLIENT.set(exchange, client);
                GatewayExchange.TELEMETRY.get(exchange).ifPresent(t -> t.client(client.id()));
                return route.synthesis()
                        ? admitted(exchange, client).then(Mono.defer(() -> next.handle(request)))
                        : next.handle(request);
            });
        };
    }

    private Client authenticate(Route route, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        return switch (route.credentials()) {
            case STREAM_TOKEN -> {
                StreamGrant grant = authenticator.byToken(request.getQueryParams());
                GatewayExchange.STREAM_GRANT.set(exchange, grant);
                yield grant.client();
            }
            case ELEVENLABS_KEY -> authenticator.byKey(request.getHeaders(), request.getQueryParams(), true);
            case KEY_TOKEN_OR_FIRST_MESSAGE -> {
                if (Authenticator.presentedKey(request.getHeaders(), true).isPresent()) {
                    yield authenticator.byKey(request.getHeaders(), request.getQueryParams(), true);
                }
                yield authenticator.byUnboundToken(request.getQueryParams());
            }
            default -> authenticator.byKey(request.getHeaders(), request.getQueryParams(), false);
        };
    }

    private Mono<Void> admitted(ServerWebExchange exchange, Client client) {
        return admission.consumeRate(client.id(), client.limits()).flatMap(rate -> {
            rateHeaders(exchange.getResponse().getHeaders(), rate);
            return rate.allowed()
                    ? Mono.<Void>empty()
                    : Mono.error(SynthesisAdmission.rateLimited(client.limits(), rate));
        });
    }

    private static void rateHeaders(HttpHeaders headers, RateDecision rate) {
        headers.set(TtsHeaders.RATE_LIMIT, Long.toString(rate.limit()));
        headers.set(TtsHeaders.RATE_REMAINING, Long.toString(rate.remaining()));
        headers.set(TtsHeaders.RATE_RESET, Long.toString(rate.resetEpochSecond()));
    }
}
