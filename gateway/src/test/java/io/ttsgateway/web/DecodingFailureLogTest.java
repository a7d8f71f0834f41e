package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import reactor.netty.http.logging.HttpMessageArgProviderFactory;

/** A request the server cannot decode is logged by its kind and failure class only (API.md §10). */
class DecodingFailureLogTest {

    @Test
    void shouldLogNeitherPathNorHeaderNorTheFailuresQuoteOfTheRequest() {
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/secret-path");
        request.headers().set("X-Secret-Name", "secret-value");
        request.setDecoderResult(
                DecoderResult.failure(new IllegalArgumentException("invalid version format: SECRET-WORDS HTTP/1.1")));

        String line = DecodingFailureLog.INSTANCE.warn(HttpMessageArgProviderFactory.create(request));

        assertThat(line)
                .isEqualTo("REQUEST(failure: java.lang.IllegalArgumentException)")
                .doesNotContainIgnoringCase("secret");
    }

    @Test
    void shouldNameTheFailureOfABrokenBody() {
        DefaultLastHttpContent content = new DefaultLastHttpContent();
        content.setDecoderResult(DecoderResult.failure(new NumberFormatException("Invalid character in chunk size")));

        String line = DecodingFailureLog.INSTANCE.warn(HttpMessageArgProviderFactory.create(content));

        assertThat(line).isEqualTo("LAST_CONTENT(failure: java.lang.NumberFormatException)");
    }
}
