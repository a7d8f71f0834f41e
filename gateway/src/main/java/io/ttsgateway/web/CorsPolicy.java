package io.ttsgateway.web;

import io.ttsgateway.api.TtsHeaders;
import io.ttsgateway.auth.Authenticator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Browsers may call the API from the origins in {@code GATEWAY_CORS_ORIGINS} only; a preflight from any other origin
 * is refused with 403 (API.md §2). Runs before the route filter: a preflight carries no key.
 */
final class CorsPolicy {

    private CorsPolicy() {}

    static CorsWebFilter filter(List<String> origins) {
        return new CorsWebFilter(source(origins));
    }

    static UrlBasedCorsConfigurationSource source(List<String> origins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(origins);
        config.setAllowedMethods(List.of("GET", "POST"));
        // Cache-Control: a page may ask for fresh audio (no-cache) or for none of it to be kept (no-store), API.md §9.
        config.setAllowedHeaders(List.of(
                HttpHeaders.AUTHORIZATION,
                HttpHeaders.CONTENT_TYPE,
                HttpHeaders.CACHE_CONTROL,
                Authenticator.X_API_KEY,
                TtsHeaders.REQUEST_ID));
        config.setExposedHeaders(TtsHeaders.EXPOSED);
        config.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
