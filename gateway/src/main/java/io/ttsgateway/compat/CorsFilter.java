package io.ttsgateway.compat;

import io.ttsgateway.auth.ClientsProperties;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Browsers may call the API from the origins in {@code GATEWAY_CORS_ORIGINS} only; a preflight from any other origin
 * is refused with 403 (API.md §2). Runs before authentication: a preflight carries no key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 12)
class CorsFilter extends CorsWebFilter {

    static final List<String> EXPOSED = List.of("X-TTS-Provider", "X-TTS-Characters", "X-TTS-Fallback-From",
            "X-TTS-Fallback-Reasons", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
            "X-Request-Id");

    CorsFilter(ClientsProperties properties) {
        super(source(properties.corsOrigins()));
    }

    static UrlBasedCorsConfigurationSource source(List<String> origins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(origins);
        config.setAllowedMethods(List.of("GET", "POST"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-API-Key", "X-Request-Id"));
        config.setExposedHeaders(EXPOSED);
        config.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
