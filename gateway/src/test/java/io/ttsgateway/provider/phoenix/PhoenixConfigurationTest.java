package io.ttsgateway.provider.phoenix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.config.OutboundHttp;
import io.ttsgateway.config.Secret;
import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderDefinition;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.remote.TimeoutProperties;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeProvider.Behavior;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** Phoenix as its package assembles it: its auth header on every call, its probe only once it is in the chain. */
class PhoenixConfigurationTest {

    private final FakeProvider fake = new FakeProvider();
    private final ConnectionProvider connections = ConnectionProvider.create("phoenix-test", 4);
    private final PhoenixProperties properties = new PhoenixProperties(
            fake.baseUrl(), true, "Authorization", new Secret("Bearer phoenix-token"), Duration.ofMillis(50), 2);
    private final PhoenixConfiguration configuration = new PhoenixConfiguration(
            properties,
            new TimeoutProperties(
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)),
            new OutboundHttp(connections));
    private final PhoenixHealthProbe probe = configuration.phoenixHealthProbe();
    private final ProviderDefinition definition =
            configuration.phoenixProvider(probe, JsonMapper.builder().build());

    @AfterEach
    void stop() {
        probe.stop();
        connections.dispose();
        fake.close();
    }

    @Test
    void shouldProbeOnlyOnceItsProviderIsCreatedAndMarkItDownWithTheHealthRoutingReads() {
        fake.health(Behavior.status(503, "{}"));
        probe.start();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> fake.healthChecks() == 0);
        definition.create().get();

        await().atMost(Duration.ofSeconds(5)).until(definition.health()::isDown);
        assertThat(fake.checks())
                .allSatisfy(
                        check -> assertThat(check.headers()).containsEntry("Authorization", "Bearer phoenix-token"));
    }

    @Test
    void shouldSendItsAuthHeaderWithEverySynthesis() {
        TtsProvider provider = definition.create().get();

        StepVerifier.create(provider.synthesize(
                                new SynthesisRequest("Hello", "ph-voice", OutputFormat.DEFAULT, "req-1", Map.of()))
                        .doOnNext(DataBufferUtils::release))
                .expectNextCount(1)
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        assertThat(provider.name()).isEqualTo(Phoenix.NAME);
        assertThat(fake.requests()).singleElement().satisfies(call -> {
            assertThat(call.uri()).isEqualTo("/v1/text-to-speech/ph-voice?output_format=mp3_44100_128");
            assertThat(call.headers())
                    .containsEntry("Authorization", "Bearer phoenix-token")
                    .containsEntry("X-Request-Id", "req-1");
        });
    }

    @Test
    void shouldNameItsUrlsButNeverItsSecretWhereTheChainIsLogged() {
        assertThat(definition.location())
                .isEqualTo(fake.baseUrl() + ", health " + fake.baseUrl().replace("/v1", "/health"))
                .doesNotContain("phoenix-token");
    }
}
