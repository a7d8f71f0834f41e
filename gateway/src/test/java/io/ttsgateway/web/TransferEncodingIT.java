package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Smuggling-shaped framing (API.md §10): a {@code Transfer-Encoding} other than exactly {@code chunked}, or one
 * together with {@code Content-Length}, is answered 400 problem+json and the connection is closed, so nothing sent
 * after it on that connection (a smuggled request) is ever served. Sent over raw sockets, byte for byte.
 */
class TransferEncodingIT extends GatewayHttpTest {

    private static final String JSON = "{\"text\":\"Hello\"}";
    private static final String CHUNKED_BODY = Integer.toHexString(JSON.length()) + "\r\n" + JSON + "\r\n0\r\n\r\n";
    private static final String SMUGGLED =
            "POST /v1/tts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + "Authorization: Bearer "
                    + TestClients.ALPHA_KEY + "\r\nContent-Length: " + JSON.length() + "\r\n\r\n" + JSON;

    @LocalServerPort
    int port;

    @Test
    void shouldRefuseEveryTransferEncodingButExactlyChunkedAndCloseTheConnection() throws Exception {
        List<String> framings = List.of(
                "Transfer-Encoding: chunked, xchunked\r\n",
                "Transfer-Encoding: xchunked\r\n",
                "Transfer-Encoding: gzip, chunked\r\n",
                "Transfer-Encoding: identity\r\n",
                "Transfer-Encoding: chunked, chunked\r\n",
                "Transfer-Encoding: Chunked\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
                "Transfer-Encoding: chunked\r\nContent-Length: " + CHUNKED_BODY.length() + "\r\n",
                "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n");
        for (String framing : framings) {
            try (RawConnection caller = RawConnection.open(port)) {
                caller.send("POST /v1/tts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + TestClients.ALPHA_KEY + "\r\n" + framing + "\r\n"
                        + CHUNKED_BODY + SMUGGLED);

                RawConnection.Response answer = caller.readResponse(Duration.ofSeconds(5));

                assertThat(answer).as(framing).isNotNull();
                assertThat(answer.status()).as(framing).isEqualTo(400);
                assertThat(answer.headers().get("content-type")).as(framing).isEqualTo("application/problem+json");
                assertThat(answer.body())
                        .as(framing)
                        .contains("/problems/invalid-request")
                        .contains("request_id");
                assertThat(answer.headers().get("x-request-id")).as(framing).isNotBlank();
                assertThat(answer.headers().get("x-content-type-options"))
                        .as(framing)
                        .isEqualTo("nosniff");
                assertThat(caller.drainUntilClosed(Duration.ofSeconds(5)))
                        .as(framing + ": nothing more, then closed")
                        .isZero();
            }
        }
        assertThat(PHOENIX.speechCalls())
                .as("neither the refused request nor the smuggled one was served")
                .isZero();
    }

    @Test
    void shouldRefuseAnUnauthenticatedRequestWithBadFramingTheSameWay() throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {
            caller.send("GET /health HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, xchunked\r\n\r\n"
                    + "0\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");

            RawConnection.Response answer = caller.readResponse(Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
            assertThat(caller.drainUntilClosed(Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void shouldServeExactlyChunkedAndKeepTheConnection() throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {
            caller.send("POST /v1/tts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + TestClients.ALPHA_KEY + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + CHUNKED_BODY);

            assertThat(caller.readResponse(Duration.ofSeconds(5)).status()).isEqualTo(200);
            caller.send(SMUGGLED);
            assertThat(caller.readResponse(Duration.ofSeconds(5)).status())
                    .as("the same connection, again")
                    .isEqualTo(200);
        }
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
    }
}
