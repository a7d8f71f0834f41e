package io.ttsgateway.compat;

import io.ttsgateway.api.ApiProblem;
import io.ttsgateway.api.GatewayExchange;
import io.ttsgateway.api.TtsHandler;
import io.ttsgateway.api.TtsRequest;
import io.ttsgateway.auth.Client;
import io.ttsgateway.provider.OutputFormat;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/audio/speech} in OpenAI's shape, key in {@code Authorization: Bearer}: a thin adapter onto the
 * same pipeline as {@code POST /v1/tts}. Audio is streamed as it is made (OpenAI streams this endpoint too), except
 * WAV, whose header needs the length.
 */
final class OpenAiSurface {

    private final TtsHandler tts;

    OpenAiSurface(TtsHandler tts) {
        this.tts = tts;
    }

    Mono<ServerResponse> speech(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return tts.read(request).flatMap(body -> {
            TtsRequest valid;
            try {
                valid = tts.validated(request, client, OpenAiSpeech.toOwnShape(body), false);
            } catch (ApiProblem problem) {
                return Mono.error(OpenAiSpeech.renamed(problem));
            }
            return valid.format().codec() == OutputFormat.Codec.WAV
                    ? tts.respondWhole(request, client, valid)
                    : tts.respondStream(request, client, valid);
        });
    }
}
