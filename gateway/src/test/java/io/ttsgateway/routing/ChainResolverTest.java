package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.config.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's decision table, row by row. */
class ChainResolverTest {

    @ParameterizedTest(name = "order={0} phoenixUrl={1} usePhoenix={2} elevenKey={3} local={4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "unset", value = {
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
        List<String> names = order.isBlank() ? List.of() : List.of(order.split(",")).stream().map(String::trim).toList();

        assertThat(ChainResolver.resolve(names, phoenixUrl, usePhoenix, elevenKey, local))
                .containsExactly(expected.split(","));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "unset", value = {
        "polly                | true  | true  | unset | unknown provider 'polly'",
        "phoenix,phoenix      | true  | true  | unset | lists 'phoenix' twice",
        "elevenlabs           | true  | false | unset | lists elevenlabs but ELEVENLABS_API_KEY",
        "phoenix              | false | true  | unset | lists phoenix but PHOENIX_TTS_BASE_URL",
        "local                | false | false | false | no provider is left",
        "''                   | false | false | false | no provider is left",
    })
    void shouldStopStartupNamingTheSettingWhenTheChainIsWrong(
            String order, boolean phoenixUrl, boolean elevenKey, Boolean local, String message) {
        List<String> names = order.isBlank() ? List.of() : List.of(order.split(","));

        assertThatThrownBy(() -> ChainResolver.resolve(names, phoenixUrl, true, elevenKey, local))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("TTS_PROVIDERS: ")
                .hasMessageContaining(message);
    }
}
