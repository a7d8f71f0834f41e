package io.ttsgateway.api;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import io.ttsgateway.budget.BudgetWindows;
import io.ttsgateway.auth.StreamTokens;
import io.ttsgateway.compat.BrowserSurface;
import io.ttsgateway.compat.ElevenLabsSurface;
import io.ttsgateway.compat.OpenAiSurface;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.limits.LimitKeys;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.provider.elevenlabs.ElevenLabsProperties;
import io.ttsgateway.routing.SynthesisRouter;
import java.time.Clock;
import io.ttsgateway.voice.VoiceCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    SynthesisService synthesisService(SynthesisRouter router, CharacterBudgets budgets, ApiProperties properties) {
        return new SynthesisService(router, budgets, properties.maxAudioSize());
    }

    @Bean
    TtsHandler ttsHandler(ObjectMapper json, ApiProperties properties, SynthesisService synthesis) {
        return new TtsHandler(new JsonBodyReader(json), new TtsRequestValidator(properties.maxTextChars(), json), synthesis);
    }

    @Bean
    OperationsHandler operationsHandler(
            SynthesisRouter router, VoiceCatalog voices, LimitStores stores, ShutdownState shutdown,
            StreamTokens tokens) {
        return new OperationsHandler(router, voices, stores, shutdown, tokens);
    }

    @Bean
    UsageHandler usageHandler(LimitStores stores, LimitKeys keys, BudgetWindows windows, ElevenLabsProperties elevenLabs,
            Clock clock) {
        return new UsageHandler(stores, keys, windows, elevenLabs.monthlyCharCap(), clock);
    }

    @Bean
    RouterFunction<ServerResponse> gatewayRoutes(
            TtsHandler tts, OperationsHandler operations, UsageHandler usage, StreamTokens tokens) {
        ElevenLabsSurface elevenLabs = new ElevenLabsSurface(tts);
        BrowserSurface browser = new BrowserSurface(tts, tokens);
        OpenAiSurface openAi = new OpenAiSurface(tts);
        return RouterFunctions.route()
                .route(POST("/v1/tts"), tts::whole)
                .route(POST("/v1/tts/stream"), tts::stream)
                .route(POST("/v1/text-to-speech/{voice_id}"), elevenLabs::convert)
                .route(POST("/v1/text-to-speech/{voice_id}/stream"), elevenLabs::stream)
                .route(POST("/v1/audio/speech"), openAi::speech)
                .route(POST("/v1/tts/tokens"), browser::issueToken)
                .route(GET("/v1/tts/stream"), browser::stream)
                .route(GET("/v1/voices"), operations::voices)
                .route(GET("/v1/usage"), usage::usage)
                .route(GET("/health"), operations::health)
                .route(GET("/ready"), operations::ready)
                .build();
    }
}
