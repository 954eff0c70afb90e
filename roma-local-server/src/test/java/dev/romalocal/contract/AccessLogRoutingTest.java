package dev.romalocal.contract;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.logging.JsonLineLayout;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server embedded as a library (as the JUnit extension does) logs its access lines through SLF4J, on the logger
 * {@code dev.romalocal.access}: the embedding application's binding and configuration decide where they go (here a
 * list), nothing is written to stdout behind its back. The events carry the request as key-value pairs, which the
 * JSON layout turns into fields.
 */
class AccessLogRoutingTest {
    @Test
    void accessLinesGoThroughSlf4jWithTheRequestAsKeyValuePairs() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("dev.romalocal.access");
        Level level = access.getLevel();
        boolean additive = access.isAdditive();
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.setContext(access.getLoggerContext());
        list.start();
        access.addAppender(list);
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        try (Backend.Store store = Backend.H2.fresh(); RomaLocal server = RomaLocal.start(store.settings())) {
            Http http = new Http(server.endpoint());
            String token = http.adminToken();
            Http.Response r = http.withToken("GET", "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances", token, null);
            assertThat(r.status()).isEqualTo(200);
            String rid = r.header("X-Request-Id");
            ILoggingEvent event = awaitEvent(list, rid);
            Map<String, Object> kv = event.getKeyValuePairs().stream()
                    .collect(Collectors.toMap(p -> p.key, p -> p.value));
            assertThat(kv).containsEntry("request_id", rid).containsEntry("operation", "CheckRomaInstanceListV2")
                    .containsEntry("status", 200).containsEntry("principal", "admin").containsEntry("method", "GET")
                    .containsKey("latency_ms");
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).startsWith("GET /v2/").contains(" 200 ").contains("rid=" + rid)
                    .contains("user=admin");
            // The JSON layout: one parseable line with the same fields, the token nowhere.
            String json = new JsonLineLayout().doLayout(event);
            assertThat(json).endsWith("\n").doesNotContain(token);
            assertThat(json.strip()).doesNotContain("\n");
            var node = Http.JSON.readTree(json);
            assertThat(node.get("logger").asText()).isEqualTo("dev.romalocal.access");
            assertThat(node.get("request_id").asText()).isEqualTo(rid);
            assertThat(node.get("status").asInt()).isEqualTo(200);
            assertThat(node.get("latency_ms").isNumber()).isTrue();
            assertThat(node.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        } finally {
            access.detachAppender(list);
            access.setLevel(level);
            access.setAdditive(additive);
        }
    }

    /** The access log is written off the request path: poll (bounded) until the request's event arrives. */
    private static ILoggingEvent awaitEvent(ListAppender<ILoggingEvent> list, String rid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (ILoggingEvent e : List.copyOf(list.list)) {
                List<KeyValuePair> kv = e.getKeyValuePairs();
                if (kv != null && kv.stream().anyMatch(p -> p.key.equals("request_id") && rid.equals(p.value))) {
                    return e;
                }
            }
            Thread.sleep(10); // pacing of the poll
        }
        throw new AssertionError("no access event for " + rid + " in " + list.list);
    }
}
