package io.ttsgateway.provider;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of ElevenLabs' {@code output_format} values (API.md §2), parsed into codec, sample rate and bitrate.
 *
 * @param value the wire name, e.g. {@code mp3_44100_128}
 * @param codec the audio encoding
 * @param sampleRate samples per second
 * @param bitrateKbps kilobits per second for compressed codecs, 0 for PCM-like ones
 */
public record OutputFormat(String value, Codec codec, int sampleRate, int bitrateKbps) {

    private static final Pattern SHAPE = Pattern.compile("([a-z][a-z0-9]*)_(\\d+)(?:_(\\d+))?");

    /** Every value the contract lists; anything else is a 400. */
    public static final List<String> SUPPORTED = List.of(
            "mp3_22050_32",
            "mp3_24000_48",
            "mp3_44100_32",
            "mp3_44100_64",
            "mp3_44100_96",
            "mp3_44100_128",
            "mp3_44100_192",
            "pcm_8000",
            "pcm_16000",
            "pcm_22050",
            "pcm_24000",
            "pcm_32000",
            "pcm_44100",
            "pcm_48000",
            "ulaw_8000",
            "alaw_8000",
            "opus_48000_32",
            "opus_48000_64",
            "opus_48000_96",
            "opus_48000_128",
            "opus_48000_192",
            "wav_8000",
            "wav_16000",
            "wav_22050",
            "wav_24000",
            "wav_32000",
            "wav_44100",
            "wav_48000");

    /** {@code mp3_44100_128}, ElevenLabs' default. Declared after the tables {@link #parse} reads. */
    public static final OutputFormat DEFAULT = parse("mp3_44100_128").orElseThrow();

    public enum Codec {
        MP3("audio/mpeg"),
        PCM("audio/pcm"),
        WAV("audio/wav"),
        ULAW("audio/basic"),
        ALAW("audio/alaw"),
        OPUS("audio/ogg");

        private final String contentType;

        Codec(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    /** Parses a listed value; empty for anything the contract does not list. */
    public static Optional<OutputFormat> parse(String value) {
        if (value == null || !SUPPORTED.contains(value)) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        Codec codec = Codec.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        int rate = Integer.parseInt(m.group(2));
        int bitrate = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Optional.of(new OutputFormat(value, codec, rate, bitrate));
    }

    /** WAV needs its length in the header, so the contract offers it for whole audio only. */
    public boolean streamable() {
        return codec != Codec.WAV;
    }

    public String contentType() {
        return codec.contentType();
    }

    @Override
    public String toString() {
        return value;
    }
}
