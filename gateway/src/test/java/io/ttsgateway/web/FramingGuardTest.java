package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import org.junit.jupiter.api.Test;

class FramingGuardTest {

    @Test
    void shouldAcceptNoLengthHeadersAContentLengthOrExactlyOneChunked() {
        assertThat(FramingGuard.badFraming(request())).isFalse();
        assertThat(FramingGuard.badFraming(request("Content-Length", "12"))).isFalse();
        assertThat(FramingGuard.badFraming(request("Transfer-Encoding", "chunked")))
                .isFalse();
    }

    @Test
    void shouldRefuseEveryOtherTransferEncoding() {
        for (String coding : new String[] {
            "chunked, xchunked", "xchunked", "gzip, chunked", "identity", "Chunked", "chunked, chunked", ""
        }) {
            assertThat(FramingGuard.badFraming(request("Transfer-Encoding", coding)))
                    .as(coding)
                    .isTrue();
        }
    }

    @Test
    void shouldRefuseARepeatedTransferEncodingOrOneWithContentLength() {
        assertThat(FramingGuard.badFraming(request("Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked")))
                .isTrue();
        assertThat(FramingGuard.badFraming(request("Transfer-Encoding", "chunked", "Content-Length", "3")))
                .isTrue();
    }

    @Test
    void shouldRefuseWhatTheDecoderRefusedAboutLengthsButLeaveOversizedHeadersToTheServer() {
        HttpRequest refusedLength = request("Content-Length", "3");
        refusedLength.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("Multiple Content-Length")));
        HttpRequest tooLong = request("Content-Length", "3");
        tooLong.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException("too long")));
        HttpRequest otherwiseBroken = request();
        otherwiseBroken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header name")));

        assertThat(FramingGuard.badFraming(refusedLength)).isTrue();
        assertThat(FramingGuard.badFraming(tooLong)).isFalse();
        assertThat(FramingGuard.badFraming(otherwiseBroken)).isFalse();
    }

    private static HttpRequest request(String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/tts");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }
}
