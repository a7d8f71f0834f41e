package io.ttsgateway.web;

import io.netty.handler.codec.DecoderResult;
import reactor.netty.http.logging.AbstractHttpMessageLogFactory;
import reactor.netty.http.logging.HttpMessageArgProvider;

/**
 * What the HTTP server logs of a request it cannot decode (a malformed request line, header or chunk): the kind of
 * message and the class of the failure, nothing the caller wrote. Reactor Netty's own rendering keeps the path and
 * header names, and its failure messages quote the offending bytes ({@code invalid version format: <the rest of the
 * request line>}, {@code header '<name>'}), so any caller could write into the gateway's log (API.md §10: nothing
 * of fuzzed input in logs).
 */
final class DecodingFailureLog extends AbstractHttpMessageLogFactory {

    static final DecodingFailureLog INSTANCE = new DecodingFailureLog();

    private DecodingFailureLog() {}

    @Override
    public String common(HttpMessageArgProvider message) {
        return message.httpMessageType() + "(" + result(message) + ")";
    }

    private static String result(HttpMessageArgProvider message) {
        DecoderResult result;
        try {
            result = message.decoderResult();
        } catch (UnsupportedOperationException none) {
            return "no decoder result";
        }
        if (result.isFailure()) {
            return "failure: " + result.cause().getClass().getName();
        }
        return result.isSuccess() ? "success" : "unfinished";
    }
}
