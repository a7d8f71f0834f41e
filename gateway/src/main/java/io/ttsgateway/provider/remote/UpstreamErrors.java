package io.ttsgateway.provider.remote;

import io.netty.channel.ConnectTimeoutException;
import io.ttsgateway.provider.ProviderFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns what an ElevenLabs-shaped API answered, or how its connection failed, into a {@link ProviderFailure}. Pure
 * functions, so every mapping is unit-tested without a server.
 */
final class UpstreamErrors {

    private static final Logger log = LoggerFactory.getLogger(UpstreamErrors.class);
    private static final int MAX_MESSAGE = 300;

    private UpstreamErrors() {}

    /** Connection-level failures: refused before the connection opened, reset after. */
    static ProviderFailure fromThrowable(String provider, Throwable error) {
        if (error instanceof ProviderFailure failure) {
            return failure;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof ConnectTimeoutException) {
                return new ProviderFailure.Refused(
                        provider, "connection failed: " + t.getClass().getSimpleName());
            }
            if (t instanceof TimeoutException) {
                return new ProviderFailure.Timeout(provider, ProviderFailure.Timeout.Phase.FIRST_BYTE);
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String kind = root instanceof IOException ? "connection broke" : "transport error";
        if (!(root instanceof IOException)) {
            log.warn("provider {} call failed unexpectedly", provider, error);
        }
        return new ProviderFailure.Reset(provider, kind + ": " + root.getClass().getSimpleName());
    }

    /**
     * A non-2xx answer. ElevenLabs answers {@code {"detail": {"status": "...", "message": "..."}}}; FastAPI-style
     * services answer {@code {"detail": "..."}} or a list of validation errors. Anything else is kept as text.
     */
    static ProviderFailure.Status fromStatus(
            String provider, int status, String body, String retryAfterHeader, ObjectMapper json) {
        String code = null;
        String message = body == null ? "" : body;
        try {
            JsonNode detail = json.readTree(message).path("detail");
            if (detail.isObject()) {
                code = textOrNull(detail.path("status"));
                if (code == null) {
                    code = textOrNull(detail.path("code"));
                }
                message = detail.path("message").asString("");
            } else if (detail.isString()) {
                message = detail.asString();
            } else if (detail.isArray()) {
                StringBuilder joined = new StringBuilder();
                detail.forEach(item -> joined.append(joined.isEmpty() ? "" : "; ")
                        .append(item.path("msg").asString(item.toString())));
                message = joined.toString();
            }
        } catch (RuntimeException notJson) {
            // a plain-text or HTML error page: keep the text, sanitized below
        }
        return new ProviderFailure.Status(
                provider,
                status,
                code == null ? null : sanitize(code),
                sanitize(message),
                retryAfter(retryAfterHeader));
    }

    private static String textOrNull(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }

    /**
     * Upstream text goes to callers and logs (API.md §10): markup removed (anything from {@code <} to the next
     * {@code >}, and a {@code <} that no {@code >} closes), control characters and line separators made spaces,
     * bidirectional formatting characters removed, white space collapsed, cut to 300 code points. One pass, linear in
     * the input however it is made: a run of thousands of {@code <} costs no more than any other text.
     */
    static String sanitize(String text) {
        int[] nextClose = nextClosingBracket(text);
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE + 1));
        int kept = 0;
        boolean space = false;
        for (int i = 0; i < text.length() && kept <= MAX_MESSAGE; ) {
            int c = text.codePointAt(i);
            if (c == '<') {
                // A tag is skipped whole; a lone '<' alone.
                i = nextClose[i] >= 0 ? nextClose[i] + 1 : i + 1;
                space = kept > 0;
                continue;
            }
            i += Character.charCount(c);
            if (isBidiControl(c)) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029) {
                space = kept > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                kept++;
                space = false;
            }
            out.appendCodePoint(c);
            kept++;
        }
        if (kept > MAX_MESSAGE) {
            int end = out.offsetByCodePoints(0, MAX_MESSAGE);
            return out.substring(0, end).stripTrailing() + "…";
        }
        return out.toString();
    }

    /** For each position, where the next {@code >} at or after it is, -1 when there is none. */
    private static int[] nextClosingBracket(String text) {
        int[] next = new int[text.length()];
        int close = -1;
        for (int i = text.length() - 1; i >= 0; i--) {
            if (text.charAt(i) == '>') {
                close = i;
            }
            next[i] = close;
        }
        return next;
    }

    /** U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069: they can make echoed text read backwards. */
    private static boolean isBidiControl(int c) {
        return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** {@code Retry-After} as delta seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
