package dev.romalocal.process;

import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.ServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability: every acknowledged write survives SIGKILL. Upsert, kill -9 the server process at once, start it again
 * on the same store, read everything back (instances and the token issued before the crash).
 */
class RestartIT {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void acknowledgedWritesSurviveKill9(Backend backend) {
        try (Backend.Store store = backend.fresh()) {
            List<String> flags = new ArrayList<>();
            Settings.Store st = store.settings().store();
            if (st.jdbcUrl() != null) {
                flags.addAll(List.of("--jdbc-url", st.jdbcUrl(), "--jdbc-user", st.jdbcUser()));
            }
            String token;
            try (ServerProcess first = ServerProcess.start(store.dataDir(), flags, List.of())) {
                Http http = new Http(first.awaitEndpoint(Duration.ofSeconds(60)));
                token = http.adminToken();
                for (int i = 0; i < 20; i++) {
                    Http.Response r = http.withToken("PUT", "/_roma_local/projects/" + Settings.DEFAULT_PROJECT_ID
                            + "/instances/crash-" + i, token, "{\"instance_name\":\"crash-" + i + "\"}");
                    assertThat(r.status()).isEqualTo(201);
                }
                first.kill9();
            }
            try (ServerProcess second = ServerProcess.start(store.dataDir(), flags, List.of())) {
                Http http = new Http(second.awaitEndpoint(Duration.ofSeconds(60)));
                for (int i = 0; i < 20; i++) {
                    Http.Response r = http.withToken("GET", "/v2/" + Settings.DEFAULT_PROJECT_ID
                            + "/apic/instances/crash-" + i, token, null);
                    assertThat(r.status()).as("crash-" + i + " after kill -9").isEqualTo(200);
                    assertThat(r.json().get("instance_name").asText()).isEqualTo("crash-" + i);
                }
                assertThat(http.withToken("GET", "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances", token, null)
                        .json().get("total").asInt()).isEqualTo(20);
            }
        }
    }
}
