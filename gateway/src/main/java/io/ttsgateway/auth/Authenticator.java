package io.ttsgateway.auth;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * Who is calling (API.md §3): a client key in {@code Authorization: Bearer} or {@code X-API-Key} (or ElevenLabs'
 * {@code xi-api-key} on its surface), or a stream token for browsers. A key is never accepted in a URL. Pure apart
 * from the registry lookups; failures are {@link AuthenticationFailure}.
 */
public final class Authenticator {

    /** ElevenLabs' key header, accepted on its surface. */
    public static final String XI_API_KEY = "xi-api-key";

    public static final String X_API_KEY = "X-API-Key";

    /** Query parameters that would carry a client key: refused outright, a key never belongs in a URL. */
    private static final List<String> KEY_PARAMETERS =
            List.of("key", "api_key", "apikey", XI_API_KEY, "xi_api_key", "access_token");

    private final ClientRegistry registry;
    private final StreamTokens tokens;

    public Authenticator(ClientRegistry registry, StreamTokens tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    /**
     * The client whose key the headers carry.
     *
     * @param acceptXiApiKey whether ElevenLabs' own header is accepted too
     */
    public Client byKey(HttpHeaders headers, MultiValueMap<String, String> query, boolean acceptXiApiKey) {
        refuseKeysInUrl(query);
        String key = presentedKey(headers, acceptXiApiKey)
                .orElseThrow(() -> new AuthenticationFailure(
                        "a client key is required: Authorization: Bearer <key> or X-API-Key: <key>"));
        return registry.authenticate(key).orElseThrow(() -> new AuthenticationFailure("the client key is not known"));
    }

    /**
     * The client a stream token from {@code POST /v1/tts/tokens} was issued to, and the request it is bound to, if
     * any. A token that is malformed, forged, expired or for a client no longer listed is a 401, never anything else.
     */
    public StreamGrant byToken(MultiValueMap<String, String> query) {
        refuseKeysInUrl(query);
        String token = query.getFirst("token");
        if (token == null) {
            throw new AuthenticationFailure("a stream token is required: ?token= from POST /v1/tts/tokens");
        }
        return tokens.verify(token)
                .flatMap(claims ->
                        registry.byId(claims.clientId()).map(client -> new StreamGrant(client, claims.boundRequest())))
                .orElseThrow(() -> new AuthenticationFailure("the stream token is not valid or has expired"));
    }

    /**
     * The client of a token issued without a request (API.md §8: a WebSocket speaks whatever its messages say, so a
     * token bound to one request cannot open one).
     */
    public Client byUnboundToken(MultiValueMap<String, String> query) {
        StreamGrant grant = byToken(query);
        if (grant.boundRequest().isPresent()) {
            throw new AuthenticationFailure(
                    "this stream token is bound to one request; a WebSocket needs a token issued without one");
        }
        return grant.client();
    }

    /** The client whose key a message carried (ElevenLabs' WebSocket clients send it in their first message). */
    public Client byKey(String key) {
        return nonBlank(key)
                .flatMap(registry::authenticate)
                .orElseThrow(() -> new AuthenticationFailure("the client key is not known"));
    }

    /** Keys are never taken from a URL, where logs and browser histories keep them (API.md §3). */
    public void refuseKeysInUrl(MultiValueMap<String, String> query) {
        if (KEY_PARAMETERS.stream().anyMatch(query::containsKey)) {
            throw new AuthenticationFailure(
                    "client keys are never accepted in a URL; use a header, or a stream token from POST /v1/tts/tokens");
        }
    }

    public static Optional<String> presentedKey(HttpHeaders headers, boolean acceptXiApiKey) {
        if (acceptXiApiKey) {
            Optional<String> xi = nonBlank(headers.getFirst(XI_API_KEY));
            if (xi.isPresent()) {
                return xi;
            }
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<String> bearer = nonBlank(authorization.substring(7));
            if (bearer.isPresent()) {
                return bearer;
            }
        }
        return nonBlank(headers.getFirst(X_API_KEY));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
