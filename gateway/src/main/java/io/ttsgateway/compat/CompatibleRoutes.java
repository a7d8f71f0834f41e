package io.ttsgateway.compat;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import io.ttsgateway.api.ErrorShape;
import io.ttsgateway.api.Route;
import io.ttsgateway.api.Route.Credentials;
import io.ttsgateway.api.RouteGroup;
import io.ttsgateway.api.TtsHandler;
import io.ttsgateway.auth.StreamTokens;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The surfaces that let an app keep its own SDK or a browser its {@code <audio>} element (API.md §2): ElevenLabs'
 * paths, OpenAI's speech path, and stream tokens for browsers. Each routes onto the native pipeline.
 */
@Configuration(proxyBeanMethods = false)
class CompatibleRoutes {

    @Bean
    RouteGroup compatibleRouteGroup(TtsHandler tts, StreamTokens tokens) {
        ElevenLabsSurface elevenLabs = new ElevenLabsSurface(tts);
        OpenAiSurface openAi = new OpenAiSurface(tts);
        BrowserSurface browser = new BrowserSurface(tts, tokens);
        return () -> List.of(
                Route.synthesis(
                        POST,
                        "/v1/text-to-speech/{voice_id}",
                        ErrorShape.ELEVENLABS,
                        Credentials.ELEVENLABS_KEY,
                        elevenLabs::convert),
                Route.synthesis(
                        POST,
                        "/v1/text-to-speech/{voice_id}/stream",
                        ErrorShape.ELEVENLABS,
                        Credentials.ELEVENLABS_KEY,
                        elevenLabs::stream),
                Route.synthesis(
                        POST,
                        "/v1/text-to-speech/{voice_id}/with-timestamps",
                        ErrorShape.ELEVENLABS,
                        Credentials.ELEVENLABS_KEY,
                        elevenLabs::convertWithTimestamps),
                Route.synthesis(
                        POST,
                        "/v1/text-to-speech/{voice_id}/stream/with-timestamps",
                        ErrorShape.ELEVENLABS,
                        Credentials.ELEVENLABS_KEY,
                        elevenLabs::streamWithTimestamps),
                Route.synthesis(POST, "/v1/audio/speech", ErrorShape.OPENAI, Credentials.KEY, openAi::speech),
                Route.client(POST, "/v1/tts/tokens", browser::issueToken),
                Route.synthesis(GET, "/v1/tts/stream", ErrorShape.PROBLEM, Credentials.STREAM_TOKEN, browser::stream)
                        .taggedAs("/v1/tts/stream (browser)"));
    }
}
