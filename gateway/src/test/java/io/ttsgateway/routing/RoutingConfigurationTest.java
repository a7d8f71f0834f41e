package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderDefinition;
import io.ttsgateway.provider.ProviderHealth;
import io.ttsgateway.provider.ProviderSetup;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.voice.VoiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/** The chain as routing assembles it from the provider packages' definitions. */
class RoutingConfigurationTest {

    private final List<String> created = new ArrayList<>();

    @Test
    void shouldCreateOnlyTheProvidersInTheChainAndGuardThemWithTheirOwnHealth() {
        ProviderDefinition phoenix = definition("phoenix", ProviderSetup.Status.CONFIGURED);
        List<ProviderDefinition> definitions = List.of(
                definition("local", ProviderSetup.Status.LAST_RESORT),
                definition("elevenlabs", ProviderSetup.Status.MISSING),
                phoenix);

        SynthesisRouter router = new RoutingConfiguration()
                .synthesisRouter(
                        definitions,
                        properties(List.of()),
                        new VoiceCatalog(List.of(), null),
                        CircuitBreakerRegistry.ofDefaults());

        assertThat(router.chain()).extracting(TtsProvider::name).containsExactly("phoenix");
        assertThat(created).containsExactly("phoenix");
        assertThat(router.guard("phoenix").health()).isSameAs(phoenix.health());
    }

    @Test
    void shouldOrderTheChainByTtsProviders() {
        List<ProviderDefinition> definitions = List.of(
                definition("phoenix", ProviderSetup.Status.CONFIGURED),
                definition("elevenlabs", ProviderSetup.Status.CONFIGURED),
                definition("local", ProviderSetup.Status.LAST_RESORT));

        List<ProviderDefinition> chain = RoutingConfiguration.choose(List.of("local", "elevenlabs"), definitions);

        assertThat(chain).extracting(ProviderDefinition::name).containsExactly("local", "elevenlabs");
        assertThat(RoutingConfiguration.describe(chain)).isEqualTo("local (at local) -> elevenlabs (at elevenlabs)");
        assertThat(created).isEmpty();
    }

    private ProviderDefinition definition(String name, ProviderSetup.Status status) {
        return new ProviderDefinition(
                name, new ProviderSetup(status, name + "-setting"), "at " + name, ProviderHealth.unprobed(), () -> {
                    created.add(name);
                    return new Silent(name);
                });
    }

    private static ProvidersProperties properties(List<String> order) {
        return new ProvidersProperties(
                order,
                0,
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                new ProvidersProperties.Breaker(20, 10, 50, Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    /** A provider that is never called here. */
    private record Silent(String name) implements TtsProvider {

        @Override
        public boolean supports(OutputFormat format) {
            return true;
        }

        @Override
        public Flux<DataBuffer> synthesize(SynthesisRequest request) {
            return Flux.empty();
        }

        @Override
        public Flux<DataBuffer> stream(SynthesisRequest request) {
            return Flux.empty();
        }
    }
}
