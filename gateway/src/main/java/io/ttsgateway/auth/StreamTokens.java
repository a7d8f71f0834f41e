package io.ttsgateway.auth;

import io.ttsgateway.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that let an {@code <audio src>} play a stream without a header (API.md §2): the client's id
 * and an expiry, signed with HMAC-SHA256 under {@code GATEWAY_TOKEN_SECRET} (random per process when unset, so
 * several replicas must share one). A token is bound to its client and worthless after it expires.
 */
public final class StreamTokens {

    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    public static final Duration MAX_TTL = Duration.ofSeconds(300);

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final boolean configured;
    private final Clock clock;

    public StreamTokens(Secret secret, Clock clock) {
        this.configured = secret.isPresent();
        this.key = configured ? secret.value().getBytes(StandardCharsets.UTF_8) : random();
        this.clock = clock;
    }

    /** Whether the secret came from configuration; a random one does not survive a restart nor cross replicas. */
    public boolean configured() {
        return configured;
    }

    /**
     * A token.
     *
     * @param token the value for {@code ?token=}
     * @param expiresAt when it stops working
     */
    public record Issued(String token, Instant expiresAt) {}

    public Issued issue(String clientId, Duration ttl) {
        Instant expiresAt = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] payload = (clientId + "|" + expiresAt.getEpochSecond()).getBytes(StandardCharsets.UTF_8);
        return new Issued(ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload)), expiresAt);
    }

    /** The client id the token was issued to, if it is authentic and not expired. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            return Optional.empty();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        int bar = text.lastIndexOf('|');
        if (bar <= 0) {
            return Optional.empty();
        }
        try {
            long expires = Long.parseLong(text.substring(bar + 1));
            return clock.instant().getEpochSecond() < expires ? Optional.of(text.substring(0, bar)) : Optional.empty();
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
