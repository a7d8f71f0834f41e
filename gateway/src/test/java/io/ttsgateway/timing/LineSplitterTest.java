package io.ttsgateway.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static List<String> split(LineSplitter splitter, String... chunks) {
        List<String> lines = new ArrayList<>();
        for (String chunk : chunks) {
            splitter.feed(chunk.getBytes(StandardCharsets.UTF_8)).forEach(l -> lines.add(new String(l)));
        }
        splitter.finish().forEach(l -> lines.add(new String(l)));
        return lines;
    }

    @Test
    void shouldJoinLinesThatSpanChunksAndSplitChunksThatHoldMany() {
        assertThat(split(new LineSplitter(100), "{\"a\":", "1}\n{\"b\":2}\n{\"c\"", ":3}"))
                .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void shouldDropBlankLines() {
        assertThat(split(new LineSplitter(100), "\n \r\n{}\n\n")).containsExactly("{}");
    }

    @Test
    void shouldRefuseALineLongerThanTheLimitEvenWithoutItsEnd() {
        LineSplitter splitter = new LineSplitter(10);
        assertThat(splitter.feed("0123456789\n".getBytes())).hasSize(1);
        assertThatThrownBy(() -> splitter.feed("01234567890".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
