package io.ttsgateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady flow of synthesis requests against a running gateway, from a few caller threads, each sending one request,
 * waiting at most {@code bound} for its answer, pausing, and sending the next. Every answer (or its absence within
 * the bound) is recorded with when it was asked and answered, so a test can line them up with what it did to Redis.
 */
public final class SteadyFlow implements AutoCloseable {

    /**
     * One request as the caller saw it.
     *
     * @param sentNanos {@link System#nanoTime()} when sent
     * @param answeredNanos when answered, or when the caller gave up
     * @param status the HTTP status; 0 when no answer came within the bound (or the connection failed)
     * @param characters {@code X-TTS-Characters}, 0 when absent
     * @param provider {@code X-TTS-Provider}, "" when absent
     * @param body the body of a non-200 answer (problem+json), "" otherwise
     * @param requestId {@code X-Request-Id}, to find the request in the gateway's log
     */
    public record Answer(
            long sentNanos,
            long answeredNanos,
            int status,
            long characters,
            String provider,
            String body,
            String requestId) {

        public Duration took() {
            return Duration.ofNanos(answeredNanos - sentNanos);
        }
    }

    private final HttpClient http;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> callers = new ArrayList<>();

    private SteadyFlow(HttpClient http) {
        this.http = http;
    }

    /**
     * Starts {@code callers} threads sending {@code body} to {@code POST base/v1/tts} with {@code key}, each pausing
     * {@code pause} between an answer and its next request.
     */
    public static SteadyFlow start(String base, String key, String body, int callers, Duration pause, Duration bound) {
        SteadyFlow flow = new SteadyFlow(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(bound)
                .build());
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/tts"))
                .timeout(bound)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        for (int i = 0; i < callers; i++) {
            Thread caller = new Thread(() -> flow.loop(request, pause), "steady-flow-" + i);
            caller.setDaemon(true);
            flow.callers.add(caller);
            caller.start();
        }
        return flow;
    }

    private void loop(HttpRequest request, Duration pause) {
        while (running.get()) {
            answers.add(send(request));
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Answer send(HttpRequest request) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    sent,
                    System.nanoTime(),
                    response.statusCode(),
                    response.headers()
                            .firstValue("X-TTS-Characters")
                            .map(Long::parseLong)
                            .orElse(0L),
                    response.headers().firstValue("X-TTS-Provider").orElse(""),
                    response.statusCode() == 200 ? "" : response.body(),
                    response.headers().firstValue("X-Request-Id").orElse(""));
        } catch (HttpTimeoutException e) {
            return new Answer(sent, System.nanoTime(), 0, 0, "", "no answer within the bound", "");
        } catch (IOException e) {
            return new Answer(sent, System.nanoTime(), 0, 0, "", e.toString(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(sent, System.nanoTime(), 0, 0, "", "interrupted", "");
        }
    }

    /** Stops sending, waits for the requests in flight, and returns every answer in the order they came. */
    public List<Answer> stop() {
        running.set(false);
        for (Thread caller : callers) {
            try {
                caller.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return List.copyOf(answers);
    }

    @Override
    public void close() {
        stop();
    }
}
