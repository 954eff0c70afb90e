package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.LiveBackend;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes with live health checks on one PostgreSQL schema share the probes: each instance is probed by exactly
 * one of them (both agree which), and a stopped backend makes its instance Unhealthy through whichever node probes it.
 * Which nodes are alive is real time (a row refreshed every two seconds), so this test waits for the two to see each
 * other, within bounds.
 */
class HealthChecksTwoNodesTest {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;
    static final int INSTANCES = 12;

    @Test
    void eachInstanceIsProbedByExactlyOneNode() throws Exception {
        try (Backend.Store store = Backend.POSTGRES.fresh();
             LiveBackend live = LiveBackend.start(LiveBackend.Kind.TCP, "127.0.0.1")) {
            Settings s = store.settings().withHealthChecks(true);
            s = Backend.severalNodes(s);
            try (RomaLocal a = RomaLocal.start(s); RomaLocal b = RomaLocal.start(s)) {
                Http httpA = new Http(a.endpoint());
                Http httpB = new Http(b.endpoint());
                String token = httpA.adminToken();
                httpA.withToken("PUT", "/_roma_local/clock", token, "{\"paused\":true}");
                for (int i = 0; i < INSTANCES; i++) {
                    assertThat(httpA.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/two-" + i,
                            token, HealthChecksTest.document("TCP_CHECK", live).toString()).status()).isEqualTo(201);
                }
                // Both nodes register (they have work) and read each other's row: until then each thinks it is alone.
                long deadline = System.nanoTime() + 20_000_000_000L;
                Map<String, String> owners;
                while (true) {
                    owners = agreedOwners(httpA, httpB, token);
                    if (owners != null && owners.values().stream().distinct().count() == 2) {
                        break;
                    }
                    assertThat(System.nanoTime()).as("the nodes never agreed on two owners").isLessThan(deadline);
                    Thread.sleep(200);
                }
                // Before they agreed, each probed what it thought was its own: count from here. One advance per
                // node settles its own share.
                Map<String, int[]> before = new HashMap<>();
                for (int i = 0; i < INSTANCES; i++) {
                    String id = "two-" + i;
                    before.put(id, new int[] {probes(health(httpA, token, id)), probes(health(httpB, token, id))});
                }
                httpA.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":" + HealthChecksTest.INTERVAL + "}");
                httpB.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":0}");
                for (int i = 0; i < INSTANCES; i++) {
                    String id = "two-" + i;
                    JsonNode onA = health(httpA, token, id);
                    JsonNode onB = health(httpB, token, id);
                    assertThat(onA.get("probed_here").asBoolean()).as(id).isNotEqualTo(onB.get("probed_here").asBoolean());
                    boolean aProbes = onA.get("probed_here").asBoolean();
                    assertThat(onA.get("probed_by").asText()).isEqualTo(owners.get(id));
                    assertThat(probes(onA) - before.get(id)[0]).as(id + " on A").isEqualTo(aProbes ? 1 : 0);
                    assertThat(probes(onB) - before.get(id)[1]).as(id + " on B").isEqualTo(aProbes ? 0 : 1);
                }

                // A stopped backend: every instance Unhealthy, each through its own node.
                live.stop();
                for (int k = 0; k < HealthChecksTest.UNHEALTHY; k++) {
                    httpA.withToken("POST", "/_roma_local/clock/advance", token,
                            "{\"seconds\":" + HealthChecksTest.INTERVAL + "}");
                    httpB.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":0}");
                }
                Map<String, Integer> byNode = new HashMap<>();
                for (int i = 0; i < INSTANCES; i++) {
                    String id = "two-" + i;
                    assertThat(httpA.withToken("GET", "/v2/" + PROJECT + "/apic/instances/" + id, token, null).json()
                            .get("status").asText()).as(id).isEqualTo("Unhealthy");
                    List<String> nodes = new java.util.ArrayList<>();
                    httpA.withToken("GET", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/events", token,
                            null).json().get("events").forEach(e -> {
                                if ("health-check".equals(e.get("operation").asText())) {
                                    nodes.add(e.get("node").asText());
                                }
                            });
                    assertThat(nodes).as(id + ": one change, by one node").hasSize(1);
                    byNode.merge(nodes.get(0), 1, Integer::sum);
                }
                assertThat(byNode.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(INSTANCES);
            }
        }
    }

    static int probes(JsonNode health) {
        return health.at("/listeners/0/backends/0/probes").asInt(0);
    }

    static JsonNode health(Http http, String token, String id) {
        return http.withToken("GET", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/health", token, null)
                .json();
    }

    /** Each instance's probing node when both nodes name the same one for every instance, else null. */
    static Map<String, String> agreedOwners(Http a, Http b, String token) {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < INSTANCES; i++) {
            String id = "two-" + i;
            JsonNode onA = health(a, token, id);
            JsonNode onB = health(b, token, id);
            if (!onA.path("probed").asBoolean() || !onB.path("probed").asBoolean()
                    || !onA.get("probed_by").asText().equals(onB.get("probed_by").asText())) {
                return null;
            }
            owners.put(id, onA.get("probed_by").asText());
        }
        return owners;
    }
}
