package io.ttsgateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.ClientLimits;
import io.ttsgateway.config.Secret;
import io.ttsgateway.limits.InMemoryLimitStore;
import io.ttsgateway.limits.LimitKeys;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.limits.RedisConnector;
import io.ttsgateway.limits.RedisProperties;
import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.routing.ProviderAdmission.Ticket;
import io.ttsgateway.routing.RouteRequest;
import io.ttsgateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cap's decisions with a real (in-memory) store and a clock moved by hand across a month's end. */
class ElevenLabsCapTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));
    private final LimitStores stores = new LimitStores(new InMemoryLimitStore(clock), null);
    private final ElevenLabsCap cap = new ElevenLabsCap(stores, new BudgetWindows(new LimitKeys("t:")), 100, clock);
    private final Client rich = client("rich", true, null);
    private final Client thrifty = client("thrifty", true, 30L);

    @Test
    void shouldAdmitOtherProvidersFreely() {
        assertThat(admit("phoenix", client("none", false, null), 10_000)).isEqualTo(Ticket.FREE);
    }

    @Test
    void shouldRefuseClientsNotAllowedToUseElevenLabs() {
        assertThat(admit("elevenlabs", client("none", false, null), 1).refusal())
                .isEqualTo("not-allowed");
    }

    @Test
    void shouldNameTheClientCapBeforeTheGatewayCap() {
        assertThat(admit("elevenlabs", thrifty, 30).admitted()).isTrue();

        assertThat(admit("elevenlabs", thrifty, 1).refusal()).isEqualTo("cap:client-elevenlabs");
    }

    @Test
    void shouldStopEveryClientAtTheGatewayWideCapAndStartAgainNextMonth() {
        assertThat(admit("elevenlabs", rich, 70).admitted()).isTrue();
        assertThat(admit("elevenlabs", thrifty, 30).admitted()).isTrue();

        assertThat(admit("elevenlabs", rich, 1).refusal()).isEqualTo("cap:elevenlabs-monthly");
        clock.advance(Duration.ofHours(1));
        assertThat(admit("elevenlabs", rich, 100).admitted()).as("December").isTrue();
    }

    @Test
    void shouldGiveTheCharactersBackWhenRefunded() {
        Ticket ticket = admit("elevenlabs", thrifty, 30);

        ticket.refund().block(Duration.ofSeconds(1));

        assertThat(admit("elevenlabs", thrifty, 30).admitted()).isTrue();
    }

    @Test
    void shouldRefuseWithRedisUnavailableWhenRedisIsConfiguredButDown() {
        RedisConnector unreachable = new RedisConnector(
                new RedisProperties(
                        new Secret("redis://127.0.0.1:1"),
                        "t:",
                        Duration.ofMillis(200),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30)),
                clock);
        ElevenLabsCap strict = new ElevenLabsCap(
                new LimitStores(new InMemoryLimitStore(clock), unreachable),
                new BudgetWindows(new LimitKeys("t:")),
                100,
                clock);

        Ticket ticket =
                strict.admissionFor(rich).admit("elevenlabs", request(5)).block(Duration.ofSeconds(2));

        assertThat(ticket.refusal()).isEqualTo("redis-unavailable");
    }

    private Ticket admit(String provider, Client client, int characters) {
        return cap.admissionFor(client).admit(provider, request(characters)).block(Duration.ofSeconds(1));
    }

    private static RouteRequest request(int characters) {
        return new RouteRequest("x".repeat(characters), null, OutputFormat.DEFAULT, "r", Map.of());
    }

    private static Client client(String id, boolean allowed, Long cap) {
        return new Client(id, new byte[32], new ClientLimits(60, 10, null, null, allowed, cap, 10));
    }
}
