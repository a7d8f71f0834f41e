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
        write(new Finished(
                telemetry.requestId,
                null,
                telemetry.clientId,
                telemetry.endpoint,
                telemetry.method,
                telemetry.synthesis,
                telemetry.provider,
                telemetry.attempts,
                telemetry.chars,
                status,
                RequestOutcome.of(status, cancelled ? SignalType.CANCEL : signal, committed),
                telemetry.problem,
                response.firstByteNanos(),
                durationNanos,
                response.bytes(),
                telemetry.textSha256,
                telemetry.cache,
                telemetry.charged,
                failure == null ? null : failure.getClass().getSimpleName()));
    }

    /**
     * One segment of a WebSocket conversation (API.md §8): its own access-log line, with {@code segment}, and the
     * request metrics under its endpoint.
     */
    public void recordSegment(Segment segment) {
        write(new Finished(
                segment.requestId(),
                segment.index(),
                segment.clientId(),
                segment.endpoint(),
                "GET",
                true,
                segment.provider(),
                segment.attempts(),
                segment.chars(),
                segment.status(),
                segment.outcome(),
                segment.problem(),
                segment.firstByteNanos(),
                segment.durationNanos(),
                segment.bytes(),
                segment.textSha256(),
                null,
                segment.charged(),
                segment.error()));
    }

    /**
     * A WebSocket conversation refused at its first message (its key, rate or concurrency, API.md §8): one line and
     * the metrics, as an upgrade request refused before the upgrade gets.
     */
    public void recordRefusal(Refusal refusal) {
        write(new Finished(
                refusal.requestId(),
                null,
                refusal.clientId(),
                refusal.endpoint(),
                "GET",
                true,
                null,
                List.of(),
                0,
                refusal.status(),
                RequestOutcome.of(refusal.status(), SignalType.ON_COMPLETE, false),
                refusal.problem(),
                -1,
                refusal.durationNanos(),
                0,
                null,
                null,
                false,
                null));
    }

    /** A conversation refused at its first message: the status and problem an HTTP answer would have had. */
    public record Refusal(
            String requestId, String clientId, String endpoint, int status, String problem, long durationNanos) {}

    /** How a WebSocket conversation ended: its close code and a reason of a few known words. */
    public void recordClose(String endpoint, int code, String reason) {
        counter(
                        MeterNames.CONNECTION_CLOSES,
                        "WebSocket conversations by close code and reason",
                        "endpoint",
                        endpoint,
                        "code",
                        Integer.toString(code),
                        "reason",
                        reason)
                .increment();
    }

    /**
     * What a segment did.
     *
     * @param status the status the same failure would have had as an HTTP answer, 200 when it was served
     * @param outcome as {@link RequestOutcome}
     * @param firstByteNanos from the segment's start to its first audio sent, -1 when none was
     * @param bytes decoded audio sent
     * @param charged whether its characters were charged
     * @param error the class of the error it ended with, null when none
     */
    public record Segment(
            String requestId,
            int index,
            String clientId,
            String endpoint,
            String provider,
            List<Attempt> attempts,
            int chars,
            String textSha256,
            int status,
            String outcome,
            String problem,
            long firstByteNanos,
            long durationNanos,
            long bytes,
            boolean charged,
            String error) {}

    /** Everything one line and the metrics say, whatever kind of request it was. */
    private record Finished(
            String requestId,
            Integer segment,
            String clientId,
            String endpoint,
            String method,
            boolean synthesis,
            String provider,
            List<Attempt> attempts,
            int chars,
            int status,
            String outcome,
            String problem,
            long firstByteNanos,
            long durationNanos,
            long bytes,
            String textSha256,
            String cache,
            boolean charged,
            String error) {}

    private void write(Finished finished) {
        if (finished.synthesis()) {
            recordMetrics(finished);
        }
        boolean committed = finished.firstByteNanos() >= 0;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("request_id", finished.requestId());
        if (finished.segment() != null) {
            line.put("segment", finished.segment());
        }
        line.put("client_id", finished.clientId());
        line.put("endpoint", finished.endpoint());
        line.put("method", finished.method());
        line.put("provider", finished.provider());
        line.put("attempts", finished.attempts().stream().map(Attempt::asMap).toList());
        line.put("chars", finished.chars());
        // A caller that left before anything was sent got no status: 499, as proxies log it.
        line.put("status", "cancelled".equals(finished.outcome()) && !committed ? 499 : finished.status());
        line.put("outcome", finished.outcome());
        line.put("problem", finished.problem());
        line.put("ttfb_ms", committed ? round(finished.firstByteNanos()) : null);
        line.put("duration_ms", round(finished.durationNanos()));
        line.put("bytes", finished.bytes());
        line.put("text_sha256", finished.textSha256());
        if (finished.cache() != null) {
            line.put("cache", finished.cache());
        }
        if (finished.error() != null) {
            line.put("error", finished.error());
        }
        access.info(json.writeValueAsString(line));
    }

    private void recordMetrics(Finished finished) {
        String provider = finished.provider();
        String providerTag = provider == null ? "none" : provider;
        String endpoint = finished.endpoint();
        counter(
                        MeterNames.REQUESTS,
                        "Synthesis requests by endpoint, serving provider and outcome",
                        "endpoint",
                        endpoint,
                        "provider",
                        providerTag,
                        "outcome",
                        finished.outcome())
                .increment();
        timer(MeterNames.DURATION, "Whole request, to the last byte written", endpoint, providerTag)
                .record(Duration.ofNanos(finished.durationNanos()));
        if (finished.firstByteNanos() >= 0) {
            timer(
                            MeterNames.TIME_TO_FIRST_BYTE,
                            "From the request to the first audio byte written to the caller",
                            endpoint,
                            providerTag)
                    .record(Duration.ofNanos(finished.firstByteNanos()));
        }
        if (finished.cache() != null) {
            counter(
                            MeterNames.CACHE_REQUESTS,
                            "Synthesis answers by how the audio cache took part",
                            "result",
                            finished.cache())
                    .increment();
        }
        if (provider != null && finished.bytes() > 0 && finished.chars() > 0 && finished.charged()) {
            String clientId = finished.clientId();
            counter(
                            MeterNames.CHARACTERS,
                            "Characters charged, by provider and client",
                            "provider",
                            provider,
                            "client",
                            clientId == null ? "unknown" : clientId)
                    .increment(finished.chars());
        }
        for (Attempt attempt : finished.attempts()) {
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
        int status = finished.status();
        if (status >= 400 && status < 500 && finished.problem() != null) {
            counter(MeterNames.REJECTIONS, "Requests refused by the gateway, by reason", "reason", finished.problem())
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
