package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code TTS_CACHE=shared} (API.md §9): clients share entries and flights, each still under its own limits and
 * permissions, and only the caller whose request called a provider is charged.
 */
class SharedScopeIT extends GatewayHttpTest {

    static final byte[] AUDIO = "shared-audio".getBytes();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sharedCache(DynamicPropertyRegistry registry) {
        registry.add("gateway.cache.mode", () -> "shared");
    }

    @Test
    void shouldServeOneClientsEntryToAnotherWithoutChargingIt() {
        PHOENIX.always(Behavior.audio(AUDIO));
        String body = "{\"text\":\"Shared greeting\"}";
        CoalescingIT.Answer made = call(body, TestClients.ALPHA_KEY).block(Duration.ofSeconds(10));
        CoalescingIT.Answer hit = call(body, TestClients.BETA_KEY).block(Duration.ofSeconds(10));

        assertThat(made.cache()).isEqualTo("MISS");
        assertThat(made.headers().get("x-tts-characters")).isEqualTo("15");
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(hit.headers().get("x-tts-characters")).isEqualTo("0");
        assertThat(hit.body()).isEqualTo(AUDIO);
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldLetAWaiterTryWhatTheFailedLeaderWasNotAllowedTo() {
        // beta may not use ElevenLabs, alpha may. beta's call fails at Phoenix; alpha, aboard it, counts that failure
        // as its own attempt (no second Phoenix call) and goes on to ElevenLabs under its own permission.
        PHOENIX.always(Behavior.delayed(Duration.ofMillis(400), Behavior.error(503, "busy", "busy")));
        ELEVENLABS.always(Behavior.audio(AUDIO));
        String body = "{\"text\":\"Permissions differ\"}";
        Mono<CoalescingIT.Answer> leader = call(body, TestClients.BETA_KEY)
                .subscribeOn(Schedulers.boundedElastic())
                .cache();
        leader.subscribe();
        await().until(() -> PHOENIX.speechCalls() == 1);

        CoalescingIT.Answer waiter = call(body, TestClients.ALPHA_KEY).block(Duration.ofSeconds(10));

        assertThat(leader.block(Duration.ofSeconds(10)).status()).isEqualTo(502);
        assertThat(waiter.status()).isEqualTo(200);
        assertThat(waiter.body()).isEqualTo(AUDIO);
        assertThat(waiter.cache()).isEqualTo("MISS");
        assertThat(waiter.headers().get("x-tts-provider")).isEqualTo("elevenlabs");
        assertThat(waiter.headers().get("x-tts-fallback-from")).isEqualTo("phoenix");
        assertThat(waiter.headers().get("x-tts-characters")).isEqualTo("18");
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(1);
    }

    private Mono<CoalescingIT.Answer> call(String body, String key) {
        CoalescingIT helper = new CoalescingIT();
        helper.port = port;
        return helper.call("/v1/tts/stream", body, key, new CopyOnWriteArrayList<>());
    }
}
