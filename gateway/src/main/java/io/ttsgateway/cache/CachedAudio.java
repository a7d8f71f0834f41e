package io.ttsgateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored answer: the audio and the provider that made it ({@code X-TTS-Provider} of a hit). Stored as plain
 * bytes, never with Java serialization: a version byte, the provider's name (one length byte, ASCII), the audio.
 *
 * @param provider the provider that made the audio
 * @param audio the complete audio, never empty
 */
public record CachedAudio(String provider, byte[] audio) {

    private static final byte VERSION = 1;

    public CachedAudio {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(audio, "audio");
        if (provider.isEmpty()
                || provider.length() > 255
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(provider)) {
            throw new IllegalArgumentException("provider name must be 1 to 255 ASCII characters");
        }
    }

    /** What the stores account for: the audio and the provider's name. */
    public int size() {
        return audio.length + provider.length() + 2;
    }

    public byte[] encode() {
        byte[] name = provider.getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = new byte[2 + name.length + audio.length];
        encoded[0] = VERSION;
        encoded[1] = (byte) name.length;
        System.arraycopy(name, 0, encoded, 2, name.length);
        System.arraycopy(audio, 0, encoded, 2 + name.length, audio.length);
        return encoded;
    }

    /** The entry these bytes hold, or empty for bytes this version did not write (a foreign or older value). */
    public static Optional<CachedAudio> decode(byte[] encoded) {
        if (encoded == null || encoded.length < 3 || encoded[0] != VERSION) {
            return Optional.empty();
        }
        int nameLength = encoded[1] & 0xff;
        if (nameLength == 0 || encoded.length <= 2 + nameLength) {
            return Optional.empty();
        }
        String provider = new String(encoded, 2, nameLength, StandardCharsets.US_ASCII);
        return Optional.of(new CachedAudio(provider, Arrays.copyOfRange(encoded, 2 + nameLength, encoded.length)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedAudio that && provider.equals(that.provider) && Arrays.equals(audio, that.audio);
    }

    @Override
    public int hashCode() {
        return 31 * provider.hashCode() + Arrays.hashCode(audio);
    }

    @Override
    public String toString() {
        return "CachedAudio[" + provider + ", " + audio.length + " bytes]";
    }
}
