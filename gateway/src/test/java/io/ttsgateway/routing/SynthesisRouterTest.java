package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.ProviderHealth;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.voice.Voice;
import io.ttsgateway.voice.VoiceCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The chain walk without HTTP: skips by voice and by admission, and which voice id each provider is asked for. */
class SynthesisRouterTest {

    private final InMemoryProvider phoenix = new InMemoryProvider("phoenix");
    private final InMemoryProvider elevenLabs = new InMemoryProvider("elevenlabs");
    private final VoiceCatalog voices =
            new VoiceCatalog(List.of(new Voice("only-eleven", Map.of("elevenlabs", "el-voice"))), null);

    @Test
    void shouldSkipAProviderThatHasNoIdForTheLogicalVoice() {
        StepVerifier.create(route(router(), "only-eleven", SynthesisRouter.Mode.STREAM, ProviderAdmission.NONE))
                .assertNext(routed -> {
                    assertThat(routed.provider()).isEqualTo("elevenlabs");
                    assertThat(routed.attempts())
                            .containsExactly(
                                    Attempt.skipped("phoenix", "voice"), new Attempt("elevenlabs", Attempt.OK, 1));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(phoenix.voicesAsked).isEmpty();
        assertThat(elevenLabs.voicesAsked).containsExactly("el-voice");
    }

    @Test
    void shouldTryThePreferredProviderFirstAndFallBackThroughTheRestInOrder() {
        StepVerifier.create(route(
                        router().preferring("elevenlabs"),
                        "raw-id",
                        SynthesisRouter.Mode.STREAM,
                        ProviderAdmission.NONE))
                .assertNext(routed ->
                        assertThat(routed.attempts()).containsExactly(new Attempt("elevenlabs", Attempt.OK, 1)))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(phoenix.voicesAsked).isEmpty();

        elevenLabs.failWith(new ProviderFailure.Status("elevenlabs", 503, null, "busy", null));
        StepVerifier.create(route(
                        router().preferring("elevenlabs"),
                        "raw-id",
                        SynthesisRouter.Mode.STREAM,
                        ProviderAdmission.NONE))
                .assertNext(routed -> assertThat(routed.attempts())
                        .containsExactly(
                                new Attempt("elevenlabs", "status:503", 1), new Attempt("phoenix", Attempt.OK, 1)))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void shouldKeepTheChainWhenThePreferredProviderIsNotInIt() {
        SynthesisRouter router = router();
        assertThat(router.preferring("local")).isSameAs(router);
        assertThat(router.preferring("phoenix")).isSameAs(router);
        assertThat(router.preferring("elevenlabs").chain())
                .extracting(TtsProvider::name)
                .containsExactly("elevenlabs", "phoenix");
    }

    @Test
    void shouldSkipAProviderItsAdmissionRefusesAndNameTheRefusal() {
        ProviderAdmission noPhoenix = (provider, request) -> Mono.just(
                provider.equals("phoenix")
                        ? ProviderAdmission.Ticket.refused("not-allowed")
                        : ProviderAdmission.Ticket.FREE);

        StepVerifier.create(route(router(), "raw-id", SynthesisRouter.Mode.WHOLE, noPhoenix))
                .assertNext(routed -> assertThat(routed.fallbackFrom()).containsExactly("phoenix"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(elevenLabs.voicesAsked).containsExactly("raw-id");
    }

    @Test
    void shouldRefundAFailedProvidersTicketOnceAndKeepTheServingProvidersTicket() {
        phoenix.failWith(new ProviderFailure.Status("phoenix", 503, null, "busy", null));
        List<String> refunds = new CopyOnWriteArrayList<>();
        ProviderAdmission counting = refundsInto(refunds);

        StepVerifier.create(route(router(), "raw-id", SynthesisRouter.Mode.STREAM, counting))
                .assertNext(routed -> assertThat(routed.attempts())
                        .containsExactly(
                                new Attempt("phoenix", "status:503", 1), new Attempt("elevenlabs", Attempt.OK, 1)))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(refunds).containsExactly("phoenix");
    }

    @Test
    void shouldKeepTheTicketOfACallThatWentOutWhenTheCallerLeavesAndRefundTheFailedOne() {
        phoenix.failWith(new ProviderFailure.Status("phoenix", 503, null, "busy", null));
        elevenLabs.hang();
        List<String> refunds = new CopyOnWriteArrayList<>();
        ProviderAdmission counting = refundsInto(refunds);

        StepVerifier.create(route(router(), "raw-id", SynthesisRouter.Mode.STREAM, counting))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(refunds)
                .as("elevenlabs was called: it may bill the call the caller walked away from")
                .containsExactly("phoenix");
    }

    @ParameterizedTest
    @MethodSource("failuresAndBilling")
    void shouldKeepTheTicketOnlyWhenTheProviderMayBillTheFailedCall(ProviderFailure failure, boolean billed) {
        phoenix.failWith(failure);
        List<String> refunds = new CopyOnWriteArrayList<>();
        List<String> sent = new CopyOnWriteArrayList<>();
        ProviderAdmission counting = (provider, request) -> Mono.just(new ProviderAdmission.Ticket(
                null, Mono.fromRunnable(() -> refunds.add(provider)), () -> sent.add(provider)));

        StepVerifier.create(route(router(), "raw-id", SynthesisRouter.Mode.STREAM, counting))
                .expectNextCount(1)
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(sent).containsExactly("phoenix", "elevenlabs");
        assertThat(refunds).isEqualTo(billed ? List.of() : List.of("phoenix"));
    }

    @Test
    void shouldRefundTheTicketWhenTheCallerLeavesDuringARetryAfterAnErrorStatus() {
        phoenix.failWith(new ProviderFailure.Status("phoenix", 503, null, "busy", null));
        List<String> refunds = new CopyOnWriteArrayList<>();
        ProviderAdmission counting = refundsInto(refunds);

        StepVerifier.create(route(
                        router(new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(2))),
                        "raw-id",
                        SynthesisRouter.Mode.WHOLE,
                        counting))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(refunds)
                .as("the 503 is on no invoice, and the caller left before the retry went out")
                .containsExactly("phoenix");
    }

    @Test
    void shouldTakeASecondTicketForARetryAfterACallThatMayBeBilledAndKeepBoth() {
        AtomicInteger calls = new AtomicInteger();
        phoenix.answerWith(() -> calls.incrementAndGet() == 1
                ? Flux.error(new ProviderFailure.Reset("phoenix", "reset part-way"))
                : Flux.never());
        List<String> admitted = new CopyOnWriteArrayList<>();
        List<String> refunds = new CopyOnWriteArrayList<>();
        ProviderAdmission counting = (provider, request) -> Mono.fromSupplier(() -> {
            admitted.add(provider);
            return new ProviderAdmission.Ticket(null, Mono.fromRunnable(() -> refunds.add(provider)), () -> {});
        });

        StepVerifier.create(route(
                        router(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(2))),
                        "raw-id",
                        SynthesisRouter.Mode.WHOLE,
                        counting))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(300))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(calls.get()).isEqualTo(2);
        assertThat(admitted).as("one ticket per paid call").containsExactly("phoenix", "phoenix");
        assertThat(refunds)
                .as("the reset may be billed, and the retry is out when the caller leaves")
                .isEmpty();
    }

    static Stream<Arguments> failuresAndBilling() {
        return Stream.of(
                Arguments.of(new ProviderFailure.Timeout("phoenix", ProviderFailure.Timeout.Phase.FIRST_BYTE), true),
                Arguments.of(new ProviderFailure.Reset("phoenix", "reset"), true),
                Arguments.of(new ProviderFailure.BadAudio("phoenix", "empty"), true),
                Arguments.of(new ProviderFailure.Refused("phoenix", "refused"), false),
                Arguments.of(new ProviderFailure.Status("phoenix", 503, null, "busy", null), false));
    }

    /** Routes one request; the provider's audio is reduced to the provider's name. */
    private static Mono<Routed<String>> route(
            SynthesisRouter router, String voice, SynthesisRouter.Mode mode, ProviderAdmission admission) {
        return router.route(request(voice), mode, (provider, audio) -> audio.then(Mono.just(provider)), admission);
    }

    /** Admits every provider; each refund is recorded as the provider's name. */
    private static ProviderAdmission refundsInto(List<String> refunds) {
        return (provider, request) ->
                Mono.just(new ProviderAdmission.Ticket(null, Mono.fromRunnable(() -> refunds.add(provider)), () -> {}));
    }

    private SynthesisRouter router() {
        return router(new RetryPolicy(0, Duration.ofMillis(1), Duration.ofSeconds(2)));
    }

    private SynthesisRouter router(RetryPolicy retries) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        Map<String, ProviderGuard> guards = Map.of(
                "phoenix", new ProviderGuard("phoenix", breakers.circuitBreaker("phoenix"), new ProviderHealth(3)),
                "elevenlabs",
                        new ProviderGuard("elevenlabs", breakers.circuitBreaker("elevenlabs"), new ProviderHealth(3)));
        return new SynthesisRouter(List.of(phoenix, elevenLabs), guards, voices, retries);
    }

    private static RouteRequest request(String voice) {
        return new RouteRequest("Hello", voice, OutputFormat.DEFAULT, "r-1", Map.of());
    }

    /** A provider answering from memory, recording the voice ids it was asked for. */
    private static final class InMemoryProvider implements TtsProvider {
        private final String name;
        final List<String> voicesAsked = new CopyOnWriteArrayList<>();
        private volatile Flux<DataBuffer> answer;

        InMemoryProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean supports(OutputFormat format) {
            return true;
        }

        @Override
        public Flux<DataBuffer> synthesize(SynthesisRequest request) {
            return stream(request);
        }

        @Override
        public Flux<DataBuffer> stream(SynthesisRequest request) {
            voicesAsked.add(request.voiceId());
            return answer != null
                    ? answer
                    : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("audio".getBytes(StandardCharsets.UTF_8)));
        }

        void failWith(ProviderFailure failure) {
            answer = Flux.error(failure);
        }

        void hang() {
            answer = Flux.never();
        }

        /** A fresh answer for every call. */
        void answerWith(java.util.function.Supplier<Flux<DataBuffer>> perCall) {
            answer = Flux.defer(perCall);
        }
    }
}
