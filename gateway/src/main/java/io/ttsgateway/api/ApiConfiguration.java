package io.ttsgateway.api;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import io.ttsgateway.api.Route.Credentials;
import io.ttsgateway.auth.Authenticator;
import io.ttsgateway.auth.StreamTokens;
import io.ttsgateway.budget.BudgetWindows;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.budget.ElevenLabsCap;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.limits.LimitKeys;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.limits.SynthesisAdmission;
import io.ttsgateway.provider.elevenlabs.ElevenLabsProperties;
import io.ttsgateway.routing.SynthesisRouter;
import io.ttsgateway.timing.Pronouncer;
import io.ttsgateway.voice.VoiceCatalog;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.ObjectMapper;

/** The native API's handlers and routes, and the one route table every surface's routes are joined into. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    SynthesisService synthesisService(
            ObjectMapper json,
            ApiProperties properties,
            SynthesisRouter router,
            CharacterBudgets budgets,
            SynthesisAdmission admission,
            ElevenLabsCap elevenLabsCap,
            VoiceCatalog voices,
            AudioCache cache) {
        return new SynthesisService(
                router, budgets, admission, elevenLabsCap, voices, cache, properties.maxAudioSize(), json);
    }

    @Bean
    SegmentSynthesis segmentSynthesis(SynthesisService synthesis, ApiProperties properties, ObjectMapper json) {
        return new SegmentSynthesis(synthesis, new TtsRequestValidator(properties.maxTextChars(), json));
    }

    @Bean
    TtsHandler ttsHandler(
            ObjectMapper json, ApiProperties properties, SynthesisService synthesis, Pronouncer pronouncer) {
        TtsRequestValidator validator = new TtsRequestValidator(properties.maxTextChars(), json);
        return new TtsHandler(
                new JsonBodyReader(json, properties.bodyReadTimeout()),
                validator,
                synthesis,
                new CanonicalJson(json),
                new TimedRenderer(json, pronouncer, (int)
                        Math.min(Integer.MAX_VALUE, properties.maxAudioSize().toBytes())));
    }

    @Bean
    ProblemRenderer problemRenderer(ObjectMapper json) {
        return new ProblemRenderer(json);
    }

    @Bean
    OperationsHandler operationsHandler(
            SynthesisRouter router,
            VoiceCatalog voices,
            LimitStores stores,
            ShutdownState shutdown,
            StreamTokens tokens,
            ElevenLabsCap elevenLabsCap) {
        return new OperationsHandler(router, voices, stores, shutdown, tokens, elevenLabsCap);
    }

    @Bean
    UsageHandler usageHandler(
            LimitStores stores, LimitKeys keys, BudgetWindows windows, ElevenLabsProperties elevenLabs, Clock clock) {
        return new UsageHandler(stores, keys, windows, elevenLabs.monthlyCharCap(), clock);
    }

    /** The gateway's own API (API.md §2): synthesis, the client's usage and voices, liveness and readiness. */
    @Bean
    RouteGroup nativeRoutes(TtsHandler tts, OperationsHandler operations, UsageHandler usage) {
        return () -> List.of(
                Route.synthesis(POST, "/v1/tts", ErrorShape.PROBLEM, Credentials.KEY, tts::whole),
                Route.synthesis(POST, "/v1/tts/stream", ErrorShape.PROBLEM, Credentials.KEY, tts::stream),
                Route.synthesis(
                        POST, "/v1/tts/with-timestamps", ErrorShape.PROBLEM, Credentials.KEY, tts::wholeWithTimestamps),
                Route.synthesis(
                        POST,
                        "/v1/tts/stream/with-timestamps",
                        ErrorShape.PROBLEM,
                        Credentials.KEY,
                        tts::streamWithTimestamps),
                Route.client(GET, "/v1/voices", operations::voices),
                Route.client(GET, "/v1/usage", usage::usage),
                Route.open(GET, "/health", operations::health),
                Route.open(GET, "/ready", operations::ready));
    }

    @Bean
    RouteTable routeTable(List<RouteGroup> groups) {
        return new RouteTable(groups);
    }

    @Bean
    RouterFunction<ServerResponse> gatewayRoutes(
            RouteTable table, Authenticator authenticator, SynthesisAdmission admission) {
        return table.routerFunction(new RouteFilter(authenticator, admission));
    }
}
