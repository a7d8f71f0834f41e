package io.ttsgateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ttsgateway.routing.Attempt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes the one access-log line of a request (a single JSON object on logger {@code tts.access}) and its metrics
 * (API.md §5). Never the text, a key, a token or a header value: the text only as its length and SHA-256.
 */
@Component
public class RequestRecorder {

    private static final Logger access = LoggerFactory.getLogger("tts.access");

    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final Map<MeterKey, Meter> known = new ConcurrentHashMap<>();

    public RequestRecorder(MeterRegistry meters, ObjectMapper json) {
        this.meters = meters;
        this.json = json;
    }

    /**
     * Records a request that has completely ended.
     *
     * @param status the status the caller got (200 when none was set)
     * @param signal how the exchange's processing ended
     * @param failure the error it ended with, if any
     */
    public void record(
            Telemetry telemetry,
            int status,
            CountingResponse response,
            SignalType signal,
            Throwable failure,
            long startNanos) {
        long durationNanos = System.nanoTime() - startNanos;
        boolean committed = response.firstByteNanos() >= 0;
        boolean cancelled = signal == SignalType.CANCEL || response.callerLeft();
        String outcome = RequestOutcome.of(status, cancelled ? SignalType.CANCEL : signal, committed);
        String provider = telemetry.provider;
        if (telemetry.synthesis) {
            recordMetrics(telemetry, provider, telemetry.clientId, outcome, status, durationNanos, response);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("request_id", telemetry.requestId);
        line.put("client_id", telemetry.clientId);
        line.put("endpoint", telemetry.endpoint);
        line.put("method", telemetry.method);
        line.put("provider", provider);
        line.put("attempts", telemetry.attempts.stream().map(Attempt::asMap).toList());
        line.put("chars", telemetry.chars);
        line.put("status", cancelled && !committed ? 499 : status);
        line.put("outcome", outcome);
        line.put("problem", telemetry.problem);
        line.put("ttfb_ms", committed ? round(response.firstByteNanos()) : null);
        line.put("duration_ms", round(durationNanos));
        line.put("bytes", response.bytes());
        line.put("text_sha256", telemetry.textSha256);
        if (telemetry.cache != null) {
            line.put("cache", telemetry.cache);
        }
        if (failure != null) {
            line.put("error", failure.getClass().getSimpleName());
        }
        access.info(json.writeValueAsString(line));
    }

    private void recordMetrics(
            Telemetry telemetry,
            String provider,
            String clientId,
            String outcome,
            int status,
            long durationNanos,
            CountingResponse response) {
        String providerTag = provider == null ? "none" : provider;
        counter(
                        MeterNames.REQUESTS,
                        "Synthesis requests by endpoint, serving provider and outcome",
                        "endpoint",
                        telemetry.endpoint,
                        "provider",
                        providerTag,
                        "outcome",
                        outcome)
                .increment();
        timer(MeterNames.DURATION, "Whole request, to the last byte written", telemetry.endpoint, providerTag)
                .record(Duration.ofNanos(durationNanos));
        if (response.firstByteNanos() >= 0) {
            timer(
                            MeterNames.TIME_TO_FIRST_BYTE,
                            "From the request to the first audio byte written to the caller",
                            telemetry.endpoint,
                            providerTag)
                    .record(Duration.ofNanos(response.firstByteNanos()));
        }
        if (telemetry.cache != null) {
            counter(
                            MeterNames.CACHE_REQUESTS,
                            "Synthesis answers by how the audio cache took part",
                            "result",
                            telemetry.cache)
                    .increment();
        }
        if (provider != null && response.bytes() > 0 && telemetry.chars > 0 && telemetry.charged) {
            counter(
                            MeterNames.CHARACTERS,
                            "Characters charged, by provider and client",
                            "provider",
                            provider,
                            "client",
                            clientId == null ? "unknown" : clientId)
                    .increment(telemetry.chars);
        }
        for (Attempt attempt : telemetry.attempts) {
            if (!Attempt.OK.equals(attempt.outcome())) {
                counter(
                                MeterNames.FALLBACKS,
                                "Providers passed over, by from, to and reason",
                                "from",
                                attempt.provider(),
                                "to",
                                providerTag,
                                "reason",
                                attempt.outcome())
                        .increment();
            }
        }
        if (status >= 400 && status < 500 && telemetry.problem != null) {
            counter(MeterNames.REJECTIONS, "Requests refused by the gateway, by reason", "reason", telemetry.problem)
                    .increment();
        }
    }

    /**
     * The meters of a request are looked up here, not built and registered again for every request: a builder and a
     * registration cost an id, sorted tags and the registry's lookup each time (profiled on the hot path).
     */
    private Counter counter(String name, String description, String... tags) {
        return (Counter) known.computeIfAbsent(
                new MeterKey(name, List.of(tags)),
                key -> Counter.builder(name).description(description).tags(tags).register(meters));
    }

    private Timer timer(String name, String description, String endpoint, String provider) {
        return (Timer) known.computeIfAbsent(
                new MeterKey(name, List.of(endpoint, provider)),
                key -> Timer.builder(name)
                        .description(description)
                        .tags("endpoint", endpoint, "provider", provider)
                        .serviceLevelObjectives(MeterNames.BUCKETS)
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(meters));
    }

    private record MeterKey(String name, List<String> tags) {}

    private static double round(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
