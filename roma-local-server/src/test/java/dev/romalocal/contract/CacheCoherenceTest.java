package dev.romalocal.contract;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.romalocal.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL schema: each caches what it serves, and a write on one reaches the other's caches
 * through the change feed (LISTEN/NOTIFY) — instances, tokens, lists.
 */
class CacheCoherenceTest {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;

    @Test
    void writesOnOneNodeReachTheOthersCaches() {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            Settings s = store.settings();
            s = Backend.severalNodes(s);
            try (RomaLocal a = RomaLocal.start(s); RomaLocal b = RomaLocal.start(s)) {
                Http httpA = new Http(a.endpoint());
                Http httpB = new Http(b.endpoint());
                String token = httpA.adminToken();
                String path = "/v2/" + PROJECT + "/apic/instances/coherent-1";
                assertThat(httpA.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/coherent-1",
                        token, "{\"instance_name\":\"first-name\"}").status()).isEqualTo(201);
                // Both nodes read it, so both cache it.
                assertThat(httpA.withToken("GET", path, token, null).json().get("instance_name").asText())
                        .isEqualTo("first-name");
                assertThat(httpB.withToken("GET", path, token, null).json().get("instance_name").asText())
                        .isEqualTo("first-name");
                assertThat(httpA.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).json()
                        .get("total").asInt()).isEqualTo(1);

                // A write on B reaches A's cache.
                assertThat(httpB.withToken("PUT", path, token, "{\"instance_name\":\"second-name\"}").status())
                        .isEqualTo(200);
                eventually(() -> httpA.withToken("GET", path, token, null).json().get("instance_name").asText(),
                        "second-name");
                // A status change by B's lifecycle (forced here) too, in the detail and in the list.
                httpB.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/coherent-1/status", token,
                        "{\"status\":\"Frozen\"}");
                eventually(() -> httpA.withToken("GET", path, token, null).json().get("status").asText(), "Frozen");
                eventually(() -> httpA.withToken("GET", "/v2/" + PROJECT + "/instances?status=FROZEN", token, null)
                        .json().get("total").asText(), "1");
                // A bulk write on B (a seed of 40 documents: its notifications fold into "all instances") too.
                StringBuilder seed = new StringBuilder("[");
                for (int i = 0; i < 40; i++) {
                    seed.append(i == 0 ? "" : ",").append("{\"project_id\":\"").append(PROJECT)
                            .append("\",\"id\":\"").append(i == 0 ? "coherent-1" : "bulk-" + i)
                            .append("\",\"instance_name\":\"bulk-name\"}");
                }
                assertThat(httpB.withToken("POST", "/_roma_local/seed", token, seed.append("]").toString()).status())
                        .isEqualTo(200);
                eventually(() -> httpA.withToken("GET", path, token, null).json().get("instance_name").asText(),
                        "bulk-name");
                eventually(() -> httpA.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).json()
                        .get("total").asText(), "40");
                // A removal on B.
                httpB.withToken("DELETE", "/_roma_local/projects/" + PROJECT + "/instances/coherent-1", token, null);
                eventually(() -> String.valueOf(httpA.withToken("GET", path, token, null).status()), "404");
                eventually(() -> httpA.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).json()
                        .get("total").asText(), "39");

                // A token revoked on B stops working on A, which had it cached.
                String other = httpA.adminToken();
                assertThat(httpA.withToken("GET", "/v2/" + PROJECT + "/instances", other, null).status())
                        .isEqualTo(200);
                assertThat(httpB.send("DELETE", "/v3/auth/tokens", Map.of("X-Auth-Token", token,
                        "X-Subject-Token", other), null).status()).isEqualTo(204);
                eventually(() -> String.valueOf(httpA.withToken("GET", "/v2/" + PROJECT + "/instances", other, null)
                        .status()), "401");
            }
        }
    }

    /** The instance-scoped views and the V3 and MQS lists, served from memory, follow a write on the other node. */
    @Test
    void featuresAndTheMqsAndV3ViewsFollowTheOtherNode() {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            Settings s = store.settings();
            try (RomaLocal a = RomaLocal.start(s); RomaLocal b = RomaLocal.start(s)) {
                Http httpA = new Http(a.endpoint());
                Http httpB = new Http(b.endpoint());
                String token = httpA.adminToken();
                String features = "/v2/" + PROJECT + "/apic/instances/coherent-2/features";
                String mqs = "/v2/" + PROJECT + "/mqs/instances/coherent-2";
                String mqsList = "/v2/" + PROJECT + "/mqs/instances?include_internal=true";
                String v3 = "/v3/" + PROJECT + "/roma/instances?category=enterprise";
                assertThat(httpA.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/coherent-2",
                        token, "{\"instance_name\":\"first-name\",\"spec\":\"ROMA_ENTERPRISE\"}").status())
                        .isEqualTo(201);
                // A caches every view.
                assertThat(httpA.withToken("GET", features, token, null).json().get("total").asInt()).isZero();
                assertThat(httpA.withToken("GET", mqs, token, null).json().get("name").asText())
                        .isEqualTo("first-name");
                assertThat(httpA.withToken("GET", mqsList, token, null).json().get("instance_num").asInt())
                        .isEqualTo(1);
                assertThat(httpA.withToken("GET", v3, token, null).json().get("total").asInt()).isEqualTo(1);
                // Writes on B: a feature, a new name, a new edition.
                assertThat(httpB.withToken("POST", features, token, "{\"name\":\"cors\",\"enable\":true}")
                        .status()).isEqualTo(201);
                eventually(() -> httpA.withToken("GET", features, token, null).json().get("total").asText(), "1");
                assertThat(httpB.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/coherent-2",
                        token, "{\"instance_name\":\"second-name\",\"spec\":\"ROMA_BASIC\"}").status())
                        .isEqualTo(200);
                eventually(() -> httpA.withToken("GET", mqs, token, null).json().get("name").asText(),
                        "second-name");
                eventually(() -> httpA.withToken("GET", mqsList, token, null).json().at("/instances/0/name")
                        .asText(), "second-name");
                eventually(() -> httpA.withToken("GET", v3, token, null).json().get("total").asText(), "0");
            }
        }
    }
}
