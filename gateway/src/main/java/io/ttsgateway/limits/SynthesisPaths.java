package io.ttsgateway.limits;

import org.springframework.http.HttpMethod;

/** The synthesis endpoints of every surface: what rates and concurrency count (API.md §4). */
public final class SynthesisPaths {

    private SynthesisPaths() {}

    public static boolean matches(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method)) {
            return path.equals("/v1/tts")
                    || path.equals("/v1/tts/stream")
                    || path.equals("/v1/audio/speech")
                    || path.startsWith("/v1/text-to-speech/");
        }
        return HttpMethod.GET.equals(method) && path.equals("/v1/tts/stream");
    }
}
