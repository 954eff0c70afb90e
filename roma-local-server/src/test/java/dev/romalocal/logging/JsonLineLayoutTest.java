package dev.romalocal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a message or a value holds (quotes, backslashes, control characters, line breaks, any UTF-16 unit), an
 * event is one JSON line that parses back to the same text. Inputs are generated (a seeded random source, so a
 * failure repeats).
 */
class JsonLineLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NASTY = "\"\\\n\r\t\u0000\u0001\u001f\u007f\u2028\u2029{}[]:,é中😀";

    private static String generated(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(3)) {
                case 0 -> sb.append(NASTY.charAt(r.nextInt(NASTY.length())));
                case 1 -> sb.append((char) r.nextInt(0x80));
                default -> sb.appendCodePoint(r.nextInt(0x10FFFF + 1) & 0xFFFF | 0x20);
            }
        }
        return sb.toString();
    }

    @Test
    void anyMessageAndValueIsOneParseableLine() throws Exception {
        Random r = new Random(20261201);
        LoggerContext context = new LoggerContext();
        JsonLineLayout layout = new JsonLineLayout();
        for (int i = 0; i < 2_000; i++) {
            String message = generated(r);
            String value = generated(r);
            int number = r.nextInt();
            LoggingEvent e = new LoggingEvent("x", context.getLogger("dev.romalocal.Test"), Level.WARN, message,
                    i % 2 == 0 ? new IllegalStateException("boom\n\"quoted\"") : null, null);
            e.addKeyValuePair(new KeyValuePair("field", value));
            e.addKeyValuePair(new KeyValuePair("number", number));
            e.addKeyValuePair(new KeyValuePair("message", "must not replace the message"));
            String line = layout.doLayout(e);
            assertThat(line).endsWith("\n");
            assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n").doesNotContain("\r");
            JsonNode node = JSON.readTree(line);
            assertThat(node.get("message").asText()).isEqualTo(message);
            assertThat(node.get("field").asText()).isEqualTo(value);
            assertThat(node.get("number").asInt()).isEqualTo(number);
            assertThat(node.get("level").asText()).isEqualTo("WARN");
            assertThat(node.get("logger").asText()).isEqualTo("dev.romalocal.Test");
            if (i % 2 == 0) {
                assertThat(node.get("exception").asText()).contains("IllegalStateException: boom");
            } else {
                assertThat(node.has("exception")).isFalse();
            }
        }
    }
}
