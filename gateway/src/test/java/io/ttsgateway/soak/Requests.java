package io.ttsgateway.soak;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Synthesis requests as each surface's own callers (and their SDKs) send them (API.md §2). */
final class Requests {

    private static final String[] STREAM_FORMATS = {"mp3_44100_128", "pcm_16000", "opus_48000_64", "ulaw_8000"};
    private static final String[] VOICES = {"narrator", "assistant", "21m00Tcm4TlvDq8ikWAM"};
    private static final String[] OPENAI_STREAM_FORMATS = {"mp3", "opus", "pcm"};

    private Requests() {}

    static byte[] build(
            Surface surface,
            SoakClients.Client client,
            String requestId,
            String text,
            boolean keepAlive,
            SplittableRandom random) {
        String voice = VOICES[random.nextInt(VOICES.length)];
        String format = !surface.streamed && random.nextInt(5) == 0
                ? "wav_16000"
                : STREAM_FORMATS[random.nextInt(STREAM_FORMATS.length)];
        String path;
        String auth;
        String body;
        switch (surface) {
            case NATIVE_WHOLE, NATIVE_STREAM -> {
                path = surface.streamed ? "/v1/tts/stream" : "/v1/tts";
                auth = random.nextBoolean() ? "Authorization: Bearer " + client.key() : "X-API-Key: " + client.key();
                body = "{\"text\":" + Texts.json(text)
                        + (random.nextBoolean() ? ",\"voice_id\":\"" + voice + "\"" : "")
                        + ",\"output_format\":\"" + format + "\"}";
            }
            case ELEVENLABS_WHOLE, ELEVENLABS_STREAM -> {
                path = "/v1/text-to-speech/" + voice + (surface.streamed ? "/stream" : "") + "?output_format=" + format;
                auth = "xi-api-key: " + client.key();
                body = "{\"text\":" + Texts.json(text) + ",\"model_id\":\"eleven_multilingual_v2\","
                        + "\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.75}}";
            }
            default -> {
                path = "/v1/audio/speech";
                auth = "Authorization: Bearer " + client.key();
                String responseFormat =
                        surface.streamed ? OPENAI_STREAM_FORMATS[random.nextInt(OPENAI_STREAM_FORMATS.length)] : "wav";
                body = "{\"model\":\"tts-1\",\"input\":" + Texts.json(text) + ",\"voice\":\"alloy\","
                        + "\"response_format\":\"" + responseFormat + "\"}";
            }
        }
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + auth + "\r\n"
                + "X-Request-Id: " + requestId + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }
}
