package dev.romalocal.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.ServerProcess;
import dev.romalocal.testing.TempDirs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server with JSON logs ({@code ROMA_LOCAL_LOG_FORMAT=json}, or {@code --log-format json}): every
 * stdout line is one JSON object with time, level, logger and message; each request's access line also carries its
 * request id, operation, status, latency and principal; no password, secret key or token appears anywhere.
 */
class LogFormatIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Log-format-pass-1";
    private static final String SECRET = "LogFormatSecretKey0123456789abcdefghijklm";

    @ParameterizedTest
    @ValueSource(strings = {"env", "flag"})
    void everyLineIsAJsonObjectAndAccessLinesCarryTheRequest(String how) throws Exception {
        Path dir = Files.createTempDirectory("roma-local-logs-");
        List<String> flags = new ArrayList<>(List.of("--admin-password", PASSWORD, "--secret-key", SECRET));
        List<String> env = new ArrayList<>();
        if (how.equals("env")) {
            env.add("ROMA_LOCAL_LOG_FORMAT=json");
        } else {
            flags.addAll(List.of("--log-format", "json"));
        }
        try (ServerProcess server = ServerProcess.start(dir, flags, env)) {
            Http http = new Http(server.awaitEndpoint(Duration.ofSeconds(60)));
            String token = http.token(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER, PASSWORD,
                    "{\"project\":{\"id\":\"" + Settings.DEFAULT_PROJECT_ID + "\"}}");
            Map<String, Http.Response> byRequestId = new HashMap<>();
            Http.Response ok = http.withToken("GET", "/v2/" + Settings.DEFAULT_PROJECT_ID
                    + "/instances", token, null);
            assertThat(ok.status()).isEqualTo(200);
            byRequestId.put(ok.header("X-Request-Id"), ok);
            Http.Response refused = http.withToken("GET", "/_roma_local/clock", "not-a-token", null);
            assertThat(refused.status()).isEqualTo(401);
            byRequestId.put(refused.header("X-Request-Id"), refused);

            // The access log is written off the request path in batches: poll (bounded) until both lines are out.
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && !byRequestId.keySet().stream()
                    .allMatch(rid -> server.output().stream()
                            .anyMatch(l -> l.contains("\"request_id\":\"" + rid + "\"")))) {
                Thread.sleep(20); // pacing of the poll
            }
            List<String> lines = List.copyOf(server.output());
            List<JsonNode> access = new ArrayList<>();
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.isObject()).as(line).isTrue();
                for (String field : List.of("time", "level", "logger", "message")) {
                    assertThat(event.hasNonNull(field)).as(field + " in " + line).isTrue();
                }
                assertThat(line).doesNotContain(PASSWORD).doesNotContain(SECRET).doesNotContain(token);
                if (event.get("logger").asText().equals("dev.romalocal.access")) {
                    access.add(event);
                }
            }
            for (Map.Entry<String, Http.Response> e : byRequestId.entrySet()) {
                JsonNode line = access.stream().filter(a -> a.path("request_id").asText().equals(e.getKey()))
                        .findFirst().orElseThrow(() -> new AssertionError("no access line for " + e.getKey()
                                + " in\n" + String.join("\n", lines)));
                assertThat(line.get("status").asInt()).isEqualTo(e.getValue().status());
                assertThat(line.get("latency_ms").isNumber()).isTrue();
                assertThat(line.get("latency_ms").asDouble()).isNotNegative();
                assertThat(line.get("level").asText()).isEqualTo("INFO");
                assertThat(line.hasNonNull("principal")).isTrue();
                assertThat(line.hasNonNull("operation")).isTrue();
            }
            JsonNode ok200 = access.stream().filter(a -> a.path("status").asInt() == 200
                    && a.path("request_id").asText().equals(ok.header("X-Request-Id"))).findFirst().orElseThrow();
            assertThat(ok200.get("operation").asText()).isEqualTo("CheckRomaInstanceListV2");
            assertThat(ok200.get("principal").asText()).isEqualTo("admin");
            assertThat(ok200.get("method").asText()).isEqualTo("GET");
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"endpoint\":\"http://"));
        } finally {
            TempDirs.delete(dir);
        }
    }
}
