package io.ttsgateway.provider.remote;

import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectMapper;

/**
 * The client for the ElevenLabs-shaped API that both Phoenix and ElevenLabs speak (API.md §1). Non-blocking
 * (Reactor Netty); every transport problem leaves this class as a {@link ProviderFailure}. The {@code WebClient} comes
 * from the provider's package with its credentials set, so this class never sees a secret.
 */
public class RemoteTtsProvider implements TtsProvider {

    /** An error body is only read for its message; a larger one is cut. */
    private static final int MAX_ERROR_BODY = 16 * 1024;

    /** Sent to the provider, so its logs and the gateway's share the request id (API.md §2). */
    private static final String REQUEST_ID = "X-Request-Id";

    private final RemoteSettings settings;
    private final WebClient web;
    private final ObjectMapper json;

    public RemoteTtsProvider(RemoteSettings settings, WebClient web, ObjectMapper json) {
        this.settings = settings;
        this.web = web;
        this.json = json;
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** The API takes every format the contract lists. */
    @Override
    public boolean supports(OutputFormat format) {
        return true;
    }

    /** Both Phoenix and ElevenLabs have the {@code …/with-timestamps} paths (API.md §7). */
    @Override
    public boolean supportsTimestamps() {
        return true;
    }

    @Override
    public Flux<DataBuffer> synthesize(SynthesisRequest request) {
        return call(request, false)
                .timeout(settings.timeouts().totalTimeout())
                .onErrorMap(
                        TimeoutException.class,
                        e -> new ProviderFailure.Timeout(name(), ProviderFailure.Timeout.Phase.TOTAL));
    }

    @Override
    public Flux<DataBuffer> stream(SynthesisRequest request) {
        return call(request, true);
    }

    private Flux<DataBuffer> call(SynthesisRequest request, boolean stream) {
        return Flux.defer(() -> {
            URI uri = RemoteUrls.speechUri(
                    settings.baseUrl(),
                    request.voiceId(),
                    stream,
                    request.withTimestamps(),
                    request.format().value());
            AtomicBoolean started = new AtomicBoolean();
            Flux<DataBuffer> audio = web.post()
                    .uri(uri)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.ALL)
                    .header(REQUEST_ID, request.requestId())
                    .bodyValue(body(request))
                    .exchangeToFlux(this::audioOrFailure)
                    .doOnNext(b -> started.set(true));
            // Two named timeouts for every call: the first byte, then the gap between chunks the caller asked for.
            return DemandAwareTimeout.apply(
                            audio,
                            settings.timeouts().firstByteTimeout(),
                            settings.timeouts().idleTimeout())
                    .onErrorMap(
                            TimeoutException.class,
                            e -> new ProviderFailure.Timeout(
                                    name(),
                                    started.get()
                                            ? ProviderFailure.Timeout.Phase.IDLE
                                            : ProviderFailure.Timeout.Phase.FIRST_BYTE))
                    .onErrorMap(e -> !(e instanceof ProviderFailure), e -> UpstreamErrors.fromThrowable(name(), e))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }

    private Map<String, Object> body(SynthesisRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", request.text());
        body.putAll(request.options());
        return body;
    }

    private Flux<DataBuffer> audioOrFailure(ClientResponse response) {
        if (response.statusCode().is2xxSuccessful()) {
            return response.bodyToFlux(DataBuffer.class);
        }
        String retryAfter = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        return DataBufferUtils.join(response.bodyToFlux(DataBuffer.class), MAX_ERROR_BODY)
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .onErrorReturn("")
                .defaultIfEmpty("")
                .flatMapMany(text -> Flux.error(
                        UpstreamErrors.fromStatus(name(), response.statusCode().value(), text, retryAfter, json)));
    }
}
