package io.ttsgateway.auth;

/** The caller could not be authenticated (API.md §2: 401 {@code unauthenticated}); the message says why. */
public final class AuthenticationFailure extends RuntimeException {

    public AuthenticationFailure(String message) {
        super(message, null, false, false);
    }
}
