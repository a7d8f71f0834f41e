package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import io.ttsgateway.provider.ProviderSetup;
import io.ttsgateway.provider.elevenlabs.ElevenLabsProperties;
import io.ttsgateway.provider.local.LocalProperties;
import io.ttsgateway.provider.phoenix.PhoenixProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's decision table, row by row, from the settings each provider package reads. */
class ChainResolverTest {

    @ParameterizedTest(name = "order={0} phoenixUrl={1} usePhoenix={2} elevenKey={3} local={4} -> {5}")
    @CsvSource(
            delimiter = '|',
            nullValues = "unset",
            value = {
                "''                       | false | true  | false | unset | local",
                "''                       | true  | true  | false | unset | phoenix",
                "''                       | false | true  | true  | unset | elevenlabs",
                "''                       | true  | true  | true  | unset | phoenix,elevenlabs",
                "''                       | true  | false | true  | unset | elevenlabs",
                "''                       | true  | false | false | unset | local",
                "''                       | true  | true  | true  | true  | phoenix,elevenlabs,local",
                "''                       | true  | true  | false | false | phoenix",
                "elevenlabs,phoenix       | true  | true  | true  | unset | elevenlabs,phoenix",
                "phoenix,local            | true  | true  | true  | unset | phoenix,local",
                "phoenix,elevenlabs,local | true  | false | true  | unset | elevenlabs,local",
                "local                    | false | true  | false | unset | local",
                "' Phoenix '              | true  | true  | false | unset | phoenix",
            })
    void shouldOrderProvidersByTheDecisionTable(
            String order, boolean phoenixUrl, boolean usePhoenix, boolean elevenKey, Boolean local, String expected) {
        List<String> names = order.isBlank()
                ? List.of()
                : List.of(order.split(",")).stream().map(String::trim).toList();

        assertThat(ChainResolver.resolve(names, setups(phoenixUrl, usePhoenix, elevenKey, local)))
                .containsExactly(expected.split(","));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "unset",
            value = {
                "polly                | true  | true  | unset | unknown provider 'polly' (known: phoenix, elevenlabs, local)",
                "phoenix,phoenix      | true  | true  | unset | lists 'phoenix' twice",
                "elevenlabs           | true  | false | unset | lists elevenlabs but ELEVENLABS_API_KEY (or TTS_API_KEY) is not set",
                "phoenix              | false | true  | unset | lists phoenix but PHOENIX_TTS_BASE_URL (or TTS_BASE_URL) is not set",
                "local                | false | false | false | no provider is left",
                "''                   | false | false | false | no provider is left",
            })
    void shouldStopStartupNamingTheSettingWhenTheChainIsWrong(
            String order, boolean phoenixUrl, boolean elevenKey, Boolean local, String message) {
        List<String> names = order.isBlank() ? List.of() : List.of(order.split(","));

        assertThatThrownBy(() -> ChainResolver.resolve(names, setups(phoenixUrl, true, elevenKey, local)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("TTS_PROVIDERS: ")
                .hasMessageContaining(message);
    }

    /** Each column as its provider package turns it into a setup. */
    private static Map<String, ProviderSetup> setups(
            boolean phoenixUrl, boolean usePhoenix, boolean elevenKey, Boolean local) {
        PhoenixProperties phoenix = new PhoenixProperties(
                phoenixUrl ? "http://phoenix:9000/v1" : "", usePhoenix, "", Secret.NONE, Duration.ofSeconds(10), 3);
        ElevenLabsProperties elevenLabs = new ElevenLabsProperties(
                elevenKey ? new Secret("el-key") : Secret.NONE,
                "https://api.elevenlabs.io/v1",
                100_000,
                Duration.ofSeconds(60));
        return Map.of(
                "phoenix",
                phoenix.setup(),
                "elevenlabs",
                elevenLabs.setup(),
                "local",
                new LocalProperties(local, 2).setup());
    }
}
