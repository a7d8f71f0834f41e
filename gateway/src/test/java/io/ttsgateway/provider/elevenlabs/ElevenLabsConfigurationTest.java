package io.ttsgateway.provider.elevenlabs;

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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** ElevenLabs as its package assembles it: its key on every call, its quota check once it is in the chain. */
class ElevenLabsConfigurationTest {

    private static final String KEY = "el-test-key";

    private final FakeProvider fake = new FakeProvider();
    private final ConnectionProvider connections = ConnectionProvider.create("elevenlabs-test", 4);
    private final ElevenLabsProperties properties =
            new ElevenLabsProperties(new Secret(KEY), fake.baseUrl(), 100_000, Duration.ofMillis(50));
    private final ElevenLabsConfiguration configuration = new ElevenLabsConfiguration(
            properties,
            new TimeoutProperties(
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)),
            new OutboundHttp(connections));
    private final ElevenLabsQuotaCheck quotaCheck = configuration.elevenLabsQuotaCheck();
    private final ProviderDefinition definition =
            configuration.elevenLabsProvider(quotaCheck, JsonMapper.builder().build());

    @AfterEach
    void stop() {
        quotaCheck.stop();
        connections.dispose();
        fake.close();
    }

    @Test
    void shouldSendItsKeyWithEverySynthesis() {
        TtsProvider provider = definition.create().get();

        StepVerifier.create(provider.stream(
                                new SynthesisRequest("Hello", "el-voice", OutputFormat.DEFAULT, "req-1", Map.of()))
                        .doOnNext(DataBufferUtils::release))
                .expectNextCount(1)
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        assertThat(provider.name()).isEqualTo(ElevenLabs.NAME);
        assertThat(fake.requests()).singleElement().satisfies(call -> {
            assertThat(call.uri()).isEqualTo("/v1/text-to-speech/el-voice/stream?output_format=mp3_44100_128");
            assertThat(call.headers()).containsEntry("xi-api-key", KEY);
        });
    }

    @Test
    void shouldCheckItsSpentQuotaWithItsKeyOnceItsProviderIsCreatedAndClearItWhenCharactersAreBack() {
        definition.health().markQuotaExhausted();
        quotaCheck.start();

        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> fake.subscriptionChecks() == 0);
        definition.create().get();

        await().atMost(Duration.ofSeconds(5)).until(() -> !definition.health().isQuotaExhausted());
        assertThat(fake.checks())
                .isNotEmpty()
                .allSatisfy(check -> assertThat(check.headers()).containsEntry("xi-api-key", KEY));
    }
}
