package io.ttsgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import io.ttsgateway.testing.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stream tokens (API.md §2 "GET /v1/tts/stream?token=…"): signed, sealed, bound, expiring, never a crash. */
class StreamTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String REQUEST = "{\"output_format\":\"mp3_44100_128\",\"text\":\"My PIN is 9999.\"}";
    private static final String OTHER = "{\"output_format\":\"mp3_44100_128\",\"text\":\"Transfer everything.\"}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final StreamTokens tokens = new StreamTokens(new Secret(SECRET), clock);

    @Test
    void shouldGrantAnUnboundTokenToItsClientUntilItExpires() {
        StreamTokens.Issued issued = tokens.issue("alpha", Duration.ofSeconds(60));

        assertThat(issued.expiresAt()).isEqualTo(Instant.parse("2026-03-01T12:01:00Z"));
        assertThat(tokens.verify(issued.token())).hasValueSatisfying(claims -> {
            assertThat(claims.clientId()).isEqualTo("alpha");
            assertThat(claims.boundRequest()).isEmpty();
        });
        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.verify(issued.token())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.verify(issued.token())).as("expired").isEmpty();
    }

    @Test
    void shouldCarryTheBoundRequestSealedSoThatTheTokenNeverShowsTheText() {
        String token = tokens.issue("alpha", Duration.ofSeconds(60), REQUEST)
                .orElseThrow()
                .token();

        assertThat(tokens.verify(token)).hasValueSatisfying(claims -> {
            assertThat(claims.clientId()).isEqualTo("alpha");
            assertThat(claims.boundRequest()).contains(REQUEST);
        });
        String decoded = new String(decode(token), StandardCharsets.ISO_8859_1);
        assertThat(token + decoded).doesNotContain("PIN", "9999", "text", "mp3");
        assertThat(tokens.issue("alpha", Duration.ofSeconds(60), REQUEST)
                        .orElseThrow()
                        .token())
                .as("a fresh nonce each time")
                .isNotEqualTo(token);
    }

    @Test
    void shouldRefuseATokenWithAnyByteChanged() {
        for (String token : List.of(
                tokens.issue("alpha", Duration.ofSeconds(60)).token(),
                tokens.issue("alpha", Duration.ofSeconds(60), REQUEST)
                        .orElseThrow()
                        .token())) {
            byte[] bytes = decode(token);
            for (int i = 0; i < bytes.length; i++) {
                byte[] tampered = bytes.clone();
                tampered[i] ^= 0x01;

                assertThat(tokens.verify(encode(tampered)))
                        .as("byte %d flipped", i)
                        .isEmpty();
            }
            assertThat(tokens.verify(encode(Arrays.copyOf(bytes, bytes.length - 1))))
                    .isEmpty();
            assertThat(tokens.verify(encode(Arrays.copyOf(bytes, bytes.length + 1))))
                    .isEmpty();
        }
    }

    @Test
    void shouldRefuseATokenMovedToAnotherClient() {
        byte[] bytes = decode(tokens.issue("alpha", Duration.ofSeconds(60)).token());
        int idStart = 1 + 1 + 8 + 8 + 1;

        System.arraycopy("omega".getBytes(StandardCharsets.UTF_8), 0, bytes, idStart, 5);

        assertThat(tokens.verify(encode(bytes))).isEmpty();
        assertThat(new StreamTokens(new Secret(SECRET.replace('0', 'x')), clock)
                        .verify(tokens.issue("alpha", Duration.ofSeconds(60)).token()))
                .as("another gateway's secret")
                .isEmpty();
        assertThat(new StreamTokens(Secret.NONE, clock)
                        .verify(new StreamTokens(Secret.NONE, clock)
                                .issue("alpha", Duration.ofSeconds(60))
                                .token()))
                .as("each random secret is its own")
                .isEmpty();
    }

    @Test
    void shouldMakeReplayingABoundTokenWithOtherWordsImpossible() {
        byte[] mine = decode(tokens.issue("alpha", Duration.ofSeconds(60), REQUEST)
                .orElseThrow()
                .token());
        byte[] theirs = decode(tokens.issue("alpha", Duration.ofSeconds(60), OTHER)
                .orElseThrow()
                .token());
        int header = 1 + 1 + 8 + 8 + 1 + "alpha".length();

        // My header and signature around another request's sealed part, and the other way round.
        byte[] spliced = ByteBuffer.allocate(theirs.length)
                .put(mine, 0, header)
                .put(theirs, header, theirs.length - header - 32)
                .put(mine, mine.length - 32, 32)
                .array();
        byte[] resigned = Arrays.copyOf(mine, mine.length);
        System.arraycopy(theirs, theirs.length - 32, resigned, resigned.length - 32, 32);
        // An unbound token's signature on a bound token's header: the kind is signed too.
        byte[] unbound = decode(tokens.issue("alpha", Duration.ofSeconds(60)).token());
        byte[] promoted = Arrays.copyOf(unbound, unbound.length);
        promoted[1] = 1;

        assertThat(tokens.verify(encode(spliced))).isEmpty();
        assertThat(tokens.verify(encode(resigned))).isEmpty();
        assertThat(tokens.verify(encode(promoted))).isEmpty();
        assertThat(tokens.verify(encode(mine)).flatMap(StreamTokens.Claims::boundRequest))
                .contains(REQUEST);
    }

    @Test
    void shouldRefuseATokenValidForMoreThanFiveMinutes() {
        assertThatThrownBy(() -> tokens.issue("alpha", Duration.ofSeconds(301)))
                .isInstanceOf(IllegalArgumentException.class);
        long now = clock.instant().getEpochSecond();

        // Signed with the right key, but for 301 s.
        String longLived = signed(now, now + 301, "alpha");
        String fine = signed(now, now + 300, "alpha");
        // Issued by a replica whose clock runs ten minutes ahead: not valid here for longer than five.
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofMinutes(10)));
        String fromTheFuture = new StreamTokens(new Secret(SECRET), ahead)
                .issue("alpha", Duration.ofSeconds(60))
                .token();

        assertThat(tokens.verify(longLived)).isEmpty();
        assertThat(tokens.verify(fine)).isPresent();
        assertThat(tokens.verify(fromTheFuture)).isEmpty();
    }

    @Test
    void shouldAnswerEmptyForMalformedTokensWithoutThrowing() {
        String valid = tokens.issue("alpha", Duration.ofSeconds(60)).token();
        long now = clock.instant().getEpochSecond();
        byte[] pastTheEnd = header((byte) 0, now, 60, "alpha");
        pastTheEnd[18] = (byte) 200;
        Random random = new Random(42);
        List<String> malformed = new ArrayList<>(List.of(
                "",
                "garbage",
                "a.b",
                "%%%",
                "====",
                valid + "=",
                "AQ",
                "AQAAAAAAAAAAAAAAAAAAAAD_",
                valid.substring(0, 20),
                "x".repeat(StreamTokens.MAX_TOKEN_CHARS + 1),
                // The format before bound tokens: payload.signature
                encode("alpha|9999999999".getBytes(StandardCharsets.UTF_8)) + "." + encode(new byte[32]),
                // A bound token with nothing sealed, an unbound one with something, a client id past the end
                encode(withMac(header((byte) 1, now, 60, "alpha"), new byte[32])),
                encode(withMac(header((byte) 0, now, 60, "alpha"), new byte[60])),
                encode(withMac(pastTheEnd, new byte[32]))));
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + random.nextInt(120)];
            random.nextBytes(noise);
            noise[0] = 1;
            malformed.add(encode(noise));
        }

        for (String token : malformed) {
            assertThat(tokens.verify(token)).as(token).isEmpty();
        }
        assertThat(tokens.verify(null)).isEmpty();
    }

    @Test
    void shouldKeepTokensShortAndRefuseRequestsTooLargeForOne() throws IOException {
        // Real prose, not a repeated sentence, which would compress to nothing.
        String prose = Files.readString(Path.of("../README.md")).substring(0, 5000);
        String noise = new Random(7)
                .ints(5000, 0x4E00, 0x9FFF)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();

        Optional<StreamTokens.Issued> forProse =
                tokens.issue("alpha", Duration.ofSeconds(60), "{\"text\":\"" + prose + "\"}");
        Optional<StreamTokens.Issued> forNoise =
                tokens.issue("alpha", Duration.ofSeconds(60), "{\"text\":\"" + noise + "\"}");

        assertThat(forProse)
                .hasValueSatisfying(
                        issued -> assertThat(issued.token()).hasSizeLessThanOrEqualTo(StreamTokens.MAX_TOKEN_CHARS));
        assertThat(forNoise).as("5000 random CJK characters do not fit a URL").isEmpty();
        assertThat(tokens.issue("alpha", Duration.ofSeconds(60), REQUEST)
                        .orElseThrow()
                        .token())
                .hasSizeLessThan(200);
    }

    @Test
    void shouldStopStartupWhenTheSecretIsSetButShorterThan32Bytes() {
        assertThatThrownBy(() -> new StreamTokens(new Secret("abc"), clock))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.variable()).isEqualTo("GATEWAY_TOKEN_SECRET");
                    assertThat(e.getMessage())
                            .contains("is 3 bytes; at least 32")
                            .doesNotContain("abc");
                });
        assertThatThrownBy(() -> new ClientsProperties("", new Secret("x".repeat(31)), List.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("GATEWAY_TOKEN_SECRET: ");

        assertThat(new StreamTokens(new Secret("x".repeat(32)), clock).configured())
                .isTrue();
        assertThat(new StreamTokens(Secret.NONE, clock).configured()).isFalse();
    }

    /** A token laid out as {@link StreamTokens} lays it out, signed with the test's key. */
    private static String signed(long issuedAt, long expiresAt, String clientId) {
        byte[] header = header((byte) 0, issuedAt, expiresAt - issuedAt, clientId);
        return encode(withMac(header, new TokenSeal(SECRET.getBytes(StandardCharsets.UTF_8)).sign(header, null)));
    }

    private static byte[] header(byte kind, long issuedAt, long ttl, String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 1 + 8 + 8 + 1 + id.length)
                .put((byte) 1)
                .put(kind)
                .putLong(issuedAt)
                .putLong(issuedAt + ttl)
                .put((byte) id.length)
                .put(id)
                .array();
    }

    private static byte[] withMac(byte[] header, byte[] rest) {
        return ByteBuffer.allocate(header.length + rest.length)
                .put(header)
                .put(rest)
                .array();
    }

    private static byte[] decode(String token) {
        return Base64.getUrlDecoder().decode(token);
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
