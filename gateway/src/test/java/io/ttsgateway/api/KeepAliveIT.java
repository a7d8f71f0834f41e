package io.ttsgateway.api;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * Callers reuse connections (SDKs, browsers, load balancers): one connection must go on answering, whatever came
 * before on it. Each test uses a pool of exactly one connection, so every request rides the same one.
 */
class KeepAliveIT extends GatewayHttpTest {

    @LocalServerPort
    int port;

    @Test
    void shouldAnswerEveryRequestOnOneConnectionWhenSynthesesAndQuickGetsAlternate() {
        withOneConnection(client -> {
            for (int i = 0; i < 150; i++) {
                expect(
                        client.headers(h -> h.set("Content-Type", "application/json")
                                        .set("Authorization", "Bearer " + TestClients.ALPHA_KEY))
                                .post()
                                .uri(i % 2 == 0 ? "/v1/tts" : "/v1/tts/stream")
                                .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"hello\"}"))),
                        200);
                expect(client.get().uri(i % 3 == 0 ? "/health" : "/ready"), 200);
            }
        });
    }

    @Test
    void shouldAnswerTheNextRequestOnAConnectionWhoseLastBodyWasNeverRead() {
        String body = "{\"text\":\"" + "a".repeat(3000) + "\"}";
        withOneConnection(client -> {
            for (int i = 0; i < 20; i++) {
                expect(
                        client.headers(h -> h.set("Content-Type", "application/json"))
                                .post()
                                .uri("/v1/tts")
                                .send(ByteBufFlux.fromString(Mono.just(body))),
                        401);
                expect(
                        client.headers(h -> h.set("Content-Type", "application/json")
                                        .set("Authorization", "Bearer " + TestClients.ALPHA_KEY))
                                .post()
                                .uri("/v1/tts")
                                .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"hi\"}"))),
                        200);
            }
        });
    }

    private void withOneConnection(Consumer<HttpClient> requests) {
        ConnectionProvider one =
                ConnectionProvider.builder("one").maxConnections(1).build();
        try {
            requests.accept(
                    HttpClient.create(one).baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(3)));
        } finally {
            one.dispose();
        }
    }

    private static void expect(HttpClient.ResponseReceiver<?> request, int status) {
        StepVerifier.create(request.responseSingle((response, content) ->
                        content.then(Mono.just(response.status().code()))))
                .expectNext(status)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }
}
