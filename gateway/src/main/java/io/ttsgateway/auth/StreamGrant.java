package io.ttsgateway.auth;

import java.util.Optional;

/**
 * What a valid stream token lets its bearer do (API.md §2).
 *
 * @param client the client it was issued to, charged for each use
 * @param boundRequest the canonical JSON of the one request it plays, when it was issued with one; empty for a token
 *     that takes its request from the query. Opaque here: the api package reads it.
 */
public record StreamGrant(Client client, Optional<String> boundRequest) {}
