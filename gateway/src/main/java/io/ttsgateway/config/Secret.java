package io.ttsgateway.config;

/**
 * A configured secret (API key, auth header value, token secret). Its {@code toString()} is {@code ****} so that
 * logging a properties record, an exception message or an actuator dump never leaks it.
 */
public record Secret(String value) {

    public static final Secret NONE = new Secret("");

    public Secret {
        value = value == null ? "" : value;
    }

    public boolean isPresent() {
        return !value.isBlank();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "" : "****";
    }
}
