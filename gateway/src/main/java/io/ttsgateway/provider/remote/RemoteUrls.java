package io.ttsgateway.provider.remote;

import io.ttsgateway.config.InvalidSettingException;
import java.net.URI;
import java.util.regex.Pattern;

/** URL rules for the ElevenLabs-shaped API: what a base URL may be, and the only voice ids that go into a path. */
public final class RemoteUrls {

    /** API.md §1: a voice id is inserted into an upstream path, so nothing that could escape a segment is allowed. */
    public static final Pattern VOICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RemoteUrls() {}

    public static URI checkBaseUrl(String variable, String baseUrl) {
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(variable, "is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidSettingException(variable, "must be an http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(variable, "must not carry credentials, a query or a fragment");
        }
        return uri;
    }

    /** {@code {base}/text-to-speech/{voice}} or its {@code /stream} variant, with the format as query parameter. */
    public static URI speechUri(String baseUrl, String voiceId, boolean stream, String outputFormat) {
        return speechUri(baseUrl, voiceId, stream, false, outputFormat);
    }

    /**
     * As {@link #speechUri(String, String, boolean, String)}, or the {@code …/with-timestamps} variant of either path
     * (API.md §7).
     */
    public static URI speechUri(
            String baseUrl, String voiceId, boolean stream, boolean withTimestamps, String outputFormat) {
        if (!VOICE_ID.matcher(voiceId).matches()) {
            throw new IllegalArgumentException("voice id does not match " + VOICE_ID.pattern());
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(base + "/text-to-speech/" + voiceId + (stream ? "/stream" : "")
                + (withTimestamps ? "/with-timestamps" : "") + "?output_format=" + outputFormat);
    }

    /** Base and health URLs as the startup log names a remote provider. */
    public static String location(String baseUrl) {
        return baseUrl + ", health " + healthUri(baseUrl);
    }

    /** Health lives beside the versioned base: {@code http://phoenix:9000/v1} → {@code http://phoenix:9000/health}. */
    public static URI healthUri(String baseUrl) {
        return URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/").resolve("../health");
    }
}
