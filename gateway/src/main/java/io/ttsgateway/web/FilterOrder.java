package io.ttsgateway.web;

import org.springframework.core.Ordered;

/**
 * The order of the edge's filters, outermost first, each spelled relative to the one before it. Everything a request
 * goes through before its handler is here; what applies to one route only (credentials, rate, concurrency) is in the
 * route table's filter instead, on the route the router matched.
 */
final class FilterOrder {

    /** First of all: every answer carries the request id, even one refused by a later filter. */
    static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

    /** Every answer carries the browser-hardening headers, errors included. */
    static final int SECURITY_HEADERS = REQUEST_ID + 1;

    /** Runs the actions registered for the end of the exchange (a slot released) after everything inside it. */
    static final int EXCHANGE_END = SECURITY_HEADERS + 1;

    /** Observes the finished exchange: sees the status of error answers, written just inside it. */
    static final int TELEMETRY = EXCHANGE_END + 1;

    /** Renders every error raised further in. */
    static final int ERROR_ANSWERS = TELEMETRY + 1;

    /** Answers a request whose framing the connection refused (API.md §10) before anything reads it. */
    static final int FRAMING = ERROR_ANSWERS + 1;

    /** Refuses path spellings that no route may be reached by (API.md §10) before anything reads the path. */
    static final int PATH_GUARD = FRAMING + 1;

    /** Answers preflights: they carry no key, so before the route filter authenticates. */
    static final int CORS = PATH_GUARD + 1;

    /**
     * Innermost: the handler writes its answer straight into the writability gate, and the telemetry further out
     * sees each buffer as it actually leaves.
     */
    static final int WRITE_GATE = CORS + 1;

    private FilterOrder() {}
}
