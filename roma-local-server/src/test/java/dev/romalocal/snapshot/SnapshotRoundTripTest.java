package dev.romalocal.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot taken on H2, imported into PostgreSQL, exported there and imported into H2 again: every instance
 * answers the same on the three servers (details, platform view, progress, history, lists), and the three exports
 * carry the same rows.
 */
class SnapshotRoundTripTest {
    static final String P = Settings.DEFAULT_PROJECT_ID;
    static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Http start(Backend backend) {
        Backend.Store store = backend.fresh();
        open.add(store);
        RomaLocal server = RomaLocal.start(store.settings());
        open.add(server);
        return new Http(server.endpoint());
    }

    static Http.Response ok(Http.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r;
    }

    static Http.Response call(Http http, String method, String path, String body) {
        return http.signed(method, path, body);
    }

    @Test
    void h2ToPostgresToH2AnswersTheSame() throws Exception {
        Http a = start(Backend.H2);
        ok(call(a, "PUT", "/_roma_local/clock", "{\"paused\":true}"), 200);
        String token = a.adminToken();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(a.createV1(token, "snap-" + i, "subnet-snap", null));
        }
        ok(call(a, "POST", "/_roma_local/clock/advance", "{\"seconds\":3600}"), 200);
        // One deleted (its history ends with its going), one mid-creation (an operation in progress), one forced.
        ok(call(a, "DELETE", "/v1/" + P + "/roma/instances/" + ids.get(0), null), 202);
        ok(call(a, "POST", "/_roma_local/clock/advance", "{\"seconds\":3600}"), 200);
        ok(call(a, "PUT", "/_roma_local/projects/" + P + "/instances/" + ids.get(1) + "/status",
                "{\"status\":\"Frozen\"}"), 200);
        ok(call(a, "POST", "/_roma_local/faults", "{\"operation\":\"create\",\"effect\":\"fail\",\"count\":2}"), 201);
        ids.add(a.createV1(token, "snap-busy", "subnet-snap", null));
        ok(call(a, "POST", "/_roma_local/clock/advance", "{\"seconds\":1}"), 200);
        ok(call(a, "PUT", "/_roma_local/projects/" + P + "/instances/seeded-1",
                "{\"instance_name\":\"seeded\",\"status\":\"Running\"}"), 201);
        ids.add("seeded-1");
        // Identity beyond the built-in: a user with an access key of its own.
        Http.Response user = ok(a.withToken("POST", "/v3.0/OS-USER/users", token,
                "{\"user\":{\"name\":\"snap-user\",\"domain_id\":\"" + domainId(a, token)
                        + "\",\"password\":\"Snapshot-Pass-1\"}}"), 201);
        String userId = user.json().at("/user/id").asText();
        Http.Response key = ok(a.withToken("POST", "/v3.0/OS-CREDENTIAL/credentials", token,
                "{\"credential\":{\"user_id\":\"" + userId + "\"}}"), 201);
        String ak = key.json().at("/credential/access").asText();
        String sk = key.json().at("/credential/secret").asText();

        byte[] fromA = ok(call(a, "GET", "/_roma_local/snapshot", null), 200).raw().body();
        Http b = start(Backend.POSTGRES);
        Http.Response imported = ok(b.signed("PUT", "/_roma_local/snapshot", new String(fromA,
                java.nio.charset.StandardCharsets.UTF_8)), 200);
        assertThat(imported.json().get("instances").asInt()).isEqualTo(ids.size() - 1);
        byte[] fromB = ok(call(b, "GET", "/_roma_local/snapshot", null), 200).raw().body();
        Http c = start(Backend.H2);
        ok(c.signed("PUT", "/_roma_local/snapshot", new String(fromB, java.nio.charset.StandardCharsets.UTF_8)),
                200);
        byte[] fromC = ok(call(c, "GET", "/_roma_local/snapshot", null), 200).raw().body();

        Map<String, String> onA = answers(a, ids);
        assertThat(onA.get("GET /_roma_local/projects/" + P + "/instances/" + ids.get(0) + "/events"))
                .contains("\"operation\":\"delete\",\"from\":\"Unregistering\",\"node\"");
        assertThat(onA.get("GET /v2/" + P + "/instances/" + ids.get(4) + "/process")).isNotBlank();
        assertSame("PostgreSQL", answers(b, ids), onA);
        assertSame("H2 again", answers(c, ids), onA);
        assertThat(rows(fromB)).isEqualTo(rows(fromA));
        assertThat(rows(fromC)).isEqualTo(rows(fromA));

        // The user's own key works on the PostgreSQL store (another master key: it was sealed again there).
        ok(b.signed("GET", "/v3/auth/projects", null, ak, sk, null, java.time.ZonedDateTime.now(
                java.time.ZoneOffset.UTC)), 200);
        // Tokens are sessions: the import ended them.
        assertThat(c.withToken("GET", "/_roma_local/clock", token, null).status()).isEqualTo(401);
    }

    @Test
    void serveSnapshotLoadsItBeforeListeningAndTheConfiguredIdentityAppliesOnTop() throws Exception {
        Http a = start(Backend.H2);
        ok(call(a, "PUT", "/_roma_local/clock", "{\"paused\":true}"), 200);
        ok(call(a, "PUT", "/_roma_local/projects/" + P + "/instances/at-start",
                "{\"instance_name\":\"at-start\",\"status\":\"Running\"}"), 201);
        byte[] doc = ok(call(a, "GET", "/_roma_local/snapshot", null), 200).raw().body();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("roma-local-snapshot", ".json");
        open.add(() -> java.nio.file.Files.deleteIfExists(file));
        java.nio.file.Files.write(file, doc);

        Backend.Store store = Backend.POSTGRES.fresh();
        open.add(store);
        // Another access key configured: it works after the snapshot's identity was loaded.
        Settings s = store.settings().withIdentity(new Settings.Identity(Settings.DEFAULT_DOMAIN,
                Settings.DEFAULT_PROJECT_ID, Settings.DEFAULT_PROJECT_NAME, Settings.DEFAULT_ADMIN_USER,
                Settings.DEFAULT_ADMIN_PASSWORD, "SNAPSHOTSTARTKEY0001", "snapshot-start-secret-000000000000000000",
                store.settings().identity().tokenTtl(), store.settings().identity().accessMode(),
                store.settings().identity().auditRetention()));
        RomaLocal b = RomaLocal.start(s, java.time.Clock.systemUTC(), file);
        open.add(b);
        Http h = new Http(b.endpoint());
        Http.Response r = ok(h.signed("GET", "/v2/" + P + "/apic/instances/at-start", P, "SNAPSHOTSTARTKEY0001",
                "snapshot-start-secret-000000000000000000", null, java.time.ZonedDateTime.now(
                        java.time.ZoneOffset.UTC)), 200);
        assertThat(r.json().get("instance_name").asText()).isEqualTo("at-start");
        assertThat(ok(h.signed("GET", "/_roma_local/clock", P, "SNAPSHOTSTARTKEY0001",
                "snapshot-start-secret-000000000000000000", null, java.time.ZonedDateTime.now(
                        java.time.ZoneOffset.UTC)), 200).json().get("paused").asBoolean()).isTrue();

        // A file that is not a snapshot stops the start, naming why; the store is left as it was.
        java.nio.file.Files.writeString(file, "{\"format\":\"roma-local-snapshot\",\"version\":7}");
        Backend.Store other = Backend.H2.fresh();
        open.add(other);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RomaLocal.start(other.settings(),
                        java.time.Clock.systemUTC(), file))
                .isInstanceOf(dev.romalocal.error.InvalidParameterException.class).hasMessageContaining("version");
    }

    private static void assertSame(String where, Map<String, String> got, Map<String, String> expected) {
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        List<String> differ = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(got.get(k))) {
                differ.add(k + "\n  expected " + v + "\n  got      " + got.get(k));
            }
        });
        assertThat(differ).as("answers that differ on " + where).isEmpty();
    }

    private static String domainId(Http h, String token) {
        return ok(h.withToken("GET", "/v3/auth/domains", token, null), 200).json().at("/domains/0/id").asText();
    }

    /** Every answer about the instances, by request. */
    private static Map<String, String> answers(Http h, List<String> ids) {
        List<String> paths = new ArrayList<>(List.of("/v2/" + P + "/instances?limit=100",
                "/v3/" + P + "/roma/instances?limit=100", "/v2/" + P + "/mqs/instances?include_internal=true",
                "/_roma_local/faults", "/_roma_local/clock", "/_roma_local/subnets"));
        for (String id : ids) {
            paths.add("/v2/" + P + "/apic/instances/" + id);
            paths.add("/v2/" + P + "/instances/" + id);
            paths.add("/v2/" + P + "/instances/" + id + "/process");
            paths.add("/v2/" + P + "/apic/instances/" + id + "/features");
            paths.add("/_roma_local/projects/" + P + "/instances/" + id + "/events");
        }
        Map<String, String> out = new TreeMap<>();
        for (String path : paths) {
            Http.Response r = h.signed("GET", path, null);
            // Every answer the same but its request id (a refusal names the request it answers).
            out.put("GET " + path, r.status() + " " + r.text().replaceAll("\"request_id\":\"[0-9a-f]+\"", ""));
        }
        return out;
    }

    /** A snapshot's clock and rows, each table's rows in a stable order. */
    private static Map<String, List<String>> rows(byte[] snapshot) throws Exception {
        JsonNode doc = JSON.readTree(snapshot);
        assertThat(doc.path("format").asText()).isEqualTo("roma-local-snapshot");
        Map<String, List<String>> out = new TreeMap<>();
        out.put("clock", List.of(doc.get("clock").toString()));
        doc.get("tables").fields().forEachRemaining(t -> {
            List<String> rows = new ArrayList<>();
            t.getValue().forEach(r -> rows.add(r.toString()));
            if (!t.getKey().equals("instance_events")) {
                rows.sort(null);
            }
            out.put(t.getKey(), rows);
        });
        assertThat(out.get("instances")).isNotEmpty();
        return out;
    }
}
