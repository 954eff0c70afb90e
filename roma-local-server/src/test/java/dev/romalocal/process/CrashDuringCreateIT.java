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
 * SIGKILL in the middle of creates: after a restart every operation resumes from its last committed step, and the
 * history shows every status exactly once (no step's effect happened twice, none was lost).
 */
class CrashDuringCreateIT {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;
    static final List<String> CREATE = List.of("Creating", "Initing", "Registering", "Installing", "Starting",
            "Running");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCreateInterruptedBetweenStepsFinishesExactlyOnce(Backend backend) {
        try (Backend.Store store = backend.fresh()) {
            List<String> flags = ProcessFlags.forStore(store);
            String token;
            String id;
            try (ServerProcess first = ServerProcess.start(store.dataDir(), flags, List.of())) {
                Http http = new Http(first.awaitEndpoint(Duration.ofSeconds(60)));
                token = http.adminToken();
                ok(http.withToken("PUT", "/_roma_local/clock", token, "{\"paused\":true}"));
                id = http.createV1(token, "crash-between", "subnet-crash", "fast");
                ok(http.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":2.2}"));
                assertThat(status(http, token, id)).isEqualTo("Registering");
                first.kill9();
            }
            try (ServerProcess second = ServerProcess.start(store.dataDir(), flags, List.of())) {
                Http http = new Http(second.awaitEndpoint(Duration.ofSeconds(60)));
                assertThat(status(http, token, id)).as("nothing moved while the server was down")
                        .isEqualTo("Registering");
                ok(http.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":30}"));
                assertThat(status(http, token, id)).isEqualTo("Running");
                assertThat(http.history(token, id)).containsExactlyElementsOf(CREATE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createsKilledWhileWorkersRunResumeAndFinishExactlyOnce(Backend backend) throws Exception {
        try (Backend.Store store = backend.fresh()) {
            List<String> flags = ProcessFlags.forStore(store, "--workers", "4");
            String token;
            List<String> ids = new ArrayList<>();
            try (ServerProcess first = ServerProcess.start(store.dataDir(), flags, List.of())) {
                Http http = new Http(first.awaitEndpoint(Duration.ofSeconds(60)));
                token = http.adminToken();
                ok(http.withToken("PUT", "/_roma_local/subnets/subnet-crash", token, "{\"cidr\":\"10.9.0.0/22\"}"));
                // Steps of 100 ms (a create takes 500 ms): when the process dies the workers are busy committing
                // steps, some creates half done.
                for (int i = 0; i < 40; i++) {
                    ids.add(http.createV1(token, "crash-run-" + i, "subnet-crash", "0.1"));
                }
                Thread.sleep(250);
                first.kill9();
            }
            try (ServerProcess second = ServerProcess.start(store.dataDir(), flags, List.of())) {
                Http http = new Http(second.awaitEndpoint(Duration.ofSeconds(60)));
                ok(http.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":5}"));
                int interrupted = 0;
                for (String id : ids) {
                    assertThat(status(http, token, id)).as(id).isEqualTo("Running");
                    assertThat(http.history(token, id)).as(id).containsExactlyElementsOf(CREATE);
                    java.util.Set<String> nodes = new java.util.HashSet<>();
                    http.withToken("GET", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/events", token,
                            null).json().get("events").forEach(e -> nodes.add(e.get("node").asText()));
                    interrupted += nodes.size() > 1 ? 1 : 0;
                }
                assertThat(interrupted).as("creates the kill interrupted, finished by the restarted process")
                        .isPositive();
            }
        }
    }

    private static String status(Http http, String token, String id) {
        Http.Response r = http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/" + id, token, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("status").asText();
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.text()).isBetween(200, 299);
    }
}
