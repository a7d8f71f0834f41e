package io.ttsgateway.api;

import io.ttsgateway.auth.Client;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.budget.ElevenLabsCap;
import io.ttsgateway.limits.SynthesisAdmission;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.routing.RouteRequest;
import io.ttsgateway.routing.Routed;
import io.ttsgateway.routing.StreamStart;
import io.ttsgateway.routing.SynthesisRouter;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pipeline every surface shares: a validated request in, routed audio out, its characters reserved first and
 * refunded when no audio reached the caller (API.md §4). Surfaces (native, ElevenLabs-shaped, OpenAI-shaped,
 * browser) differ only in how they parse requests and render answers.
 */
final class SynthesisService {

    private final SynthesisRouter router;
    private final CharacterBudgets budgets;
    private final SynthesisAdmission slots;
    private final ElevenLabsCap elevenLabsCap;
    private final int maxAudioBytes;

    SynthesisService(
            SynthesisRouter router,
            CharacterBudgets budgets,
            SynthesisAdmission slots,
            ElevenLabsCap elevenLabsCap,
            DataSize maxAudioSize) {
        this.router = router;
        this.budgets = budgets;
        this.slots = slots;
        this.elevenLabsCap = elevenLabsCap;
        this.maxAudioBytes = (int) Math.min(Integer.MAX_VALUE, maxAudioSize.toBytes());
    }

    /** Whole audio, collected before anything is sent so that fallback still applies to a failure part-way. */
    Mono<Routed<byte[]>> whole(Client client, TtsRequest request, String requestId, Consumer<Runnable> atEnd) {
        ElevenLabsCap.RequestAdmission admission = elevenLabsCap.admissionFor(client);
        return charged(
                client,
                request,
                admission,
                atEnd,
                router.route(routeRequest(request, requestId), SynthesisRouter.Mode.WHOLE, this::collect, admission));
    }

    /** Streamed audio: routed until a provider produced its first chunk, then passed through as it arrives. */
    Mono<Routed<Flux<DataBuffer>>> stream(
            Client client, TtsRequest request, String requestId, Consumer<Runnable> atEnd) {
        ElevenLabsCap.RequestAdmission admission = elevenLabsCap.admissionFor(client);
        return charged(
                client,
                request,
                admission,
                atEnd,
                router.route(
                        routeRequest(request, requestId), SynthesisRouter.Mode.STREAM, StreamStart::open, admission));
    }

    /**
     * Takes the request's concurrency slot and reserves its characters in one step, then routes. The slot is held
     * until the exchange has ended ({@code atEnd}: a streamed body is written long after routing). Once a provider's
     * audio is in hand the characters are spent; if routing fails, or the caller leaves first, they are refunded (with
     * the slot, in the same step) before the error answer goes out, unless an ElevenLabs call went out that ElevenLabs
     * may bill: then the client pays for it in full (API.md §4), so that hanging up or a timeout never makes paid
     * characters free.
     */
    private <T> Mono<Routed<T>> charged(
            Client client,
            TtsRequest request,
            ElevenLabsCap.RequestAdmission admission,
            Consumer<Runnable> atEnd,
            Mono<Routed<T>> routing) {
        return budgets.reserve(client, request.characters(), slots.claim(client.id(), client.limits()))
                .flatMap(reservation -> {
                    atEnd.accept(() -> budgets.release(reservation));
                    Mono<Void> refund =
                            Mono.defer(() -> admission.mayBeBilled() ? Mono.empty() : budgets.refund(reservation));
                    return routing.doOnCancel(() -> refund.subscribe())
                            .onErrorResume(error -> refund.then(Mono.error(error)));
                });
    }

    private Mono<byte[]> collect(String provider, Flux<DataBuffer> audio) {
        return DataBufferUtils.join(audio, maxAudioBytes)
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ProviderFailure.BadAudio(
                                provider, "the audio is larger than " + maxAudioBytes + " bytes"))
                .map(SynthesisService::toBytes)
                .filter(bytes -> bytes.length > 0)
                .switchIfEmpty(Mono.error(() -> new ProviderFailure.BadAudio(provider, "the answer had no audio")));
    }

    private static byte[] toBytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static RouteRequest routeRequest(TtsRequest request, String requestId) {
        return new RouteRequest(request.text(), request.voiceId(), request.format(), requestId, request.options());
    }
}
