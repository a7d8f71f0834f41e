package io.ttsgateway.auth;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.DataFormatException;

/**
 * Short-lived tokens that let an {@code <audio src>} play a stream without a header (API.md §2): bound to the client
 * they were issued to, expiring at most {@link #MAX_TTL} after issuance, and — when issued with a request — bound to
 * exactly that request, so that a leaked URL can only replay the same words until it expires.
 *
 * <p>A token is one base64url string (no padding, nothing to escape in a query) of:
 * <pre>
 * header = version 1 | kind (0 unbound, 1 bound) | issued-at | expires-at (epoch seconds, 8 bytes each)
 *          | client id length (1 byte) | client id (UTF-8)
 * sealed = nonce (12 bytes) | AES-256-GCM(raw deflate(canonical request), associated data = header)   bound only
 * mac    = HMAC-SHA256(header | SHA-256(canonical request))      the hash is left out for an unbound token
 * </pre>
 * The GET carries nothing but the token, so a bound token carries its request itself (no server-side state, so it
 * works across replicas that share the secret); the request is encrypted because spoken text must never appear in a
 * URL, and the signature covers the client, both times and the hash of the canonical request. AES and HMAC keys are
 * derived from {@code GATEWAY_TOKEN_SECRET} with HKDF-SHA256 (RFC 5869), one key per use. The request is compressed
 * before it is encrypted: it is the caller's own text with no secret beside it, so the length reveals nothing a
 * compression oracle could exploit, and prose shrinks by about half.
 *
 * <p>Size: at most {@link #MAX_TOKEN_CHARS} characters, so that {@code GET /v1/tts/stream?token=… HTTP/1.1} fits in
 * 8 KiB, the request-line limit of common proxies (nginx's {@code large_client_header_buffers}) and of the gateway
 * itself ({@code server.netty.max-initial-line-length}). A request too large for that is refused at issuance: 5000
 * characters of prose fit, 5000 characters of CJK script (3 bytes each in UTF-8) do not and must use
 * {@code POST /v1/tts/stream}.
 */
public final class StreamTokens {

    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    public static final Duration MAX_TTL = Duration.ofSeconds(300);

    /** The longest token issued or accepted; see the class comment. */
    public static final int MAX_TOKEN_CHARS = 8000;

    /** {@code GATEWAY_TOKEN_SECRET} must be at least this long: HMAC-SHA256 wants a key as long as its output. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String SETTING = "GATEWAY_TOKEN_SECRET";
    private static final byte VERSION = 1;
    private static final byte UNBOUND = 0;
    private static final byte BOUND = 1;
    private static final int FIXED_HEADER = 1 + 1 + 8 + 8 + 1;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final TokenSeal seal;
    private final boolean configured;
    private final Clock clock;

    /**
     * @param secret {@code GATEWAY_TOKEN_SECRET}; blank for a random one, else at least {@link #MIN_SECRET_BYTES}
     * @throws InvalidSettingException when the secret is set but too short
     */
    public StreamTokens(Secret secret, Clock clock) {
        this.configured = requireStrong(secret).isPresent();
        this.seal = new TokenSeal(configured ? secret.value().getBytes(StandardCharsets.UTF_8) : randomBytes());
        this.clock = clock;
    }

    /**
     * The rule for {@code GATEWAY_TOKEN_SECRET}, shared by the properties record (so startup stops with one line
     * naming it) and this class (so no other way of building one skips it).
     */
    public static Secret requireStrong(Secret secret) {
        int bytes = secret.value().getBytes(StandardCharsets.UTF_8).length;
        if (secret.isPresent() && bytes < MIN_SECRET_BYTES) {
            throw new InvalidSettingException(
                    SETTING,
                    "is " + bytes + " bytes; at least " + MIN_SECRET_BYTES
                            + " are required (e.g. openssl rand -base64 32), or leave it unset for a random one");
        }
        return secret;
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

    /**
     * What a valid token says.
     *
     * @param clientId the client it was issued to
     * @param issuedAt when it was issued
     * @param expiresAt when it stops working
     * @param boundRequest the canonical request it plays, when it is bound to one
     */
    public record Claims(String clientId, Instant issuedAt, Instant expiresAt, Optional<String> boundRequest) {}

    /** A token that takes its request from the query (issued without one). */
    public Issued issue(String clientId, Duration ttl) {
        return issue(clientId, ttl, (byte[]) null)
                .orElseThrow(() -> new IllegalStateException("an unbound token is always short"));
    }

    /**
     * A token bound to one request.
     *
     * @param canonicalRequest the request's canonical JSON: whatever plays the token gets exactly these characters
     * @return empty when the token would be longer than {@link #MAX_TOKEN_CHARS}
     */
    public Optional<Issued> issue(String clientId, Duration ttl, String canonicalRequest) {
        return issue(clientId, ttl, canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the token says, if it is authentic, unexpired, for a lifetime of at most {@link #MAX_TTL}, and well-formed;
     * anything else, however malformed, is empty. Signatures are compared in constant time.
     */
    public Optional<Claims> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] bytes = DECODER.decode(token);
            // One spelling per token: no padding, no stray bits in the last character.
            if (!ENCODER.encodeToString(bytes).equals(token)) {
                return Optional.empty();
            }
            return read(ByteBuffer.wrap(bytes)).filter(this::current);
        } catch (IllegalArgumentException
                | BufferUnderflowException
                | GeneralSecurityException
                | DataFormatException malformed) {
            return Optional.empty();
        }
    }

    private Optional<Issued> issue(String clientId, Duration ttl, byte[] request) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > 255 || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("a client id of 1 to 255 bytes and a lifetime of 1 to 300 s");
        }
        long issuedAt = clock.instant().getEpochSecond();
        long expiresAt = issuedAt + ttl.toSeconds();
        ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + id.length)
                .put(VERSION)
                .put(request == null ? UNBOUND : BOUND)
                .putLong(issuedAt)
                .putLong(expiresAt)
                .put((byte) id.length)
                .put(id);
        byte[] headerBytes = header.array();
        byte[] sealed = request == null ? new byte[0] : seal.seal(headerBytes, request);
        byte[] mac = seal.sign(headerBytes, request);
        byte[] token = ByteBuffer.allocate(headerBytes.length + sealed.length + mac.length)
                .put(headerBytes)
                .put(sealed)
                .put(mac)
                .array();
        String encoded = ENCODER.encodeToString(token);
        return encoded.length() > MAX_TOKEN_CHARS
                ? Optional.empty()
                : Optional.of(new Issued(encoded, Instant.ofEpochSecond(expiresAt)));
    }

    private Optional<Claims> read(ByteBuffer token) throws GeneralSecurityException, DataFormatException {
        byte version = token.get();
        byte kind = token.get();
        long issuedAt = token.getLong();
        long expiresAt = token.getLong();
        int idLength = Byte.toUnsignedInt(token.get());
        if (version != VERSION || (kind != UNBOUND && kind != BOUND) || idLength == 0) {
            return Optional.empty();
        }
        byte[] id = new byte[idLength];
        token.get(id);
        byte[] header = Arrays.copyOf(token.array(), token.position());
        if (token.remaining() < TokenSeal.MAC_BYTES) {
            return Optional.empty();
        }
        byte[] sealed = new byte[token.remaining() - TokenSeal.MAC_BYTES];
        token.get(sealed);
        byte[] presented = new byte[TokenSeal.MAC_BYTES];
        token.get(presented);
        if (kind == UNBOUND && sealed.length != 0) {
            return Optional.empty();
        }
        byte[] request = kind == BOUND ? seal.open(header, sealed) : null;
        if (!MessageDigest.isEqual(seal.sign(header, request), presented)) {
            return Optional.empty();
        }
        return Optional.of(new Claims(
                new String(id, StandardCharsets.UTF_8),
                Instant.ofEpochSecond(issuedAt),
                Instant.ofEpochSecond(expiresAt),
                Optional.ofNullable(request).map(r -> new String(r, StandardCharsets.UTF_8))));
    }

    /** Unexpired, and never valid for longer than {@link #MAX_TTL}: not as signed, not by this replica's clock. */
    private boolean current(Claims claims) {
        Instant now = clock.instant();
        Duration lifetime = Duration.between(claims.issuedAt(), claims.expiresAt());
        return now.isBefore(claims.expiresAt())
                && !lifetime.isNegative()
                && lifetime.compareTo(MAX_TTL) <= 0
                && !claims.expiresAt().isAfter(now.plus(MAX_TTL));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
