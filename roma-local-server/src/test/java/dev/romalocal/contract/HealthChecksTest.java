package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.LiveBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live listener health checks with the server's {@code --health-checks} on: real TCP and HTTP backends on the
 * loopback, started and stopped by the test; time is the lifecycle clock, paused and advanced (a probe's own network
 * time is real, and short on the loopback). A stopped backend makes the instance Unhealthy after exactly
 * {@code unhealthy × interval} seconds, a started one Running again, each change in the history naming the listener
 * and backends; one live backend of two keeps a listener healthy; instances in other statuses are not probed.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HealthChecksTest extends ServerFixture {
    static final int INTERVAL = 10;
    static final int UNHEALTHY = 3;

    private final List<LiveBackend> backends = new ArrayList<>();

    @Override
    protected Settings configure(Settings settings) {
        return settings.withHealthChecks(true);
    }

    @BeforeEach
    void cleanSlate() {
        expect(admin("POST", "/_roma_local/reset", null), 200);
        pauseClock();
    }

    @AfterEach
    void stopBackends() {
        backends.forEach(LiveBackend::close);
        backends.clear();
    }

    LiveBackend backend(LiveBackend.Kind kind, String ip) {
        LiveBackend b = LiveBackend.start(kind, ip);
        backends.add(b);
        return b;
    }

    /** A document with one listener per entry of {@code ips}, each with a health check on {@code port}. */
    static ObjectNode document(String status, String protocol, int ipVersion, int port, List<String> ips) {
        ObjectNode doc = Http.JSON.createObjectNode().put("status", status);
        ObjectNode l = doc.putArray("listeners").addObject().put("name", "l1").put("port", 80)
                .put("ip_version", ipVersion);
        ObjectNode b = l.putObject("backend");
        ArrayNode ipList = b.putArray("ip");
        ips.forEach(ipList::add);
        b.put("port", port);
        b.putObject("health_check").put("protocol", protocol).put("port", port).put("unhealthy", UNHEALTHY)
                .put("timeout", 1).put("interval", INTERVAL);
        return doc;
    }

    static ObjectNode document(String protocol, LiveBackend b) {
        return document("Running", protocol, b.ip().contains(":") ? 6 : 4, b.port(), List.of(b.ip()));
    }

    JsonNode health(String id) {
        return expect(get("/_roma_local/projects/" + PROJECT + "/instances/" + id + "/health"), 200).json();
    }

    List<JsonNode> events(String id) {
        List<JsonNode> out = new ArrayList<>();
        expect(get("/_roma_local/projects/" + PROJECT + "/instances/" + id + "/events"), 200).json().get("events")
                .forEach(out::add);
        return out;
    }

    JsonNode lastEvent(String id) {
        List<JsonNode> e = events(id);
        return e.get(e.size() - 1);
    }

    JsonNode platformDetail(String id) {
        return expect(get("/v2/" + PROJECT + "/instances/" + id), 200).json();
    }

    /** Stops the backend, then walks the clock one interval at a time: Unhealthy exactly at the threshold. */
    void downAfterThreshold(String id, LiveBackend b) {
        b.stop();
        for (int k = 1; k < UNHEALTHY; k++) {
            advance(INTERVAL);
            assertThat(status(id)).as("after %d failed probe(s)", k).isEqualTo("Running");
        }
        advance(INTERVAL);
        assertThat(status(id)).isEqualTo("Unhealthy");
    }

    @Test
    void aStoppedTcpBackendMakesTheInstanceUnhealthyAndAStartedOneRunningAgain() {
        LiveBackend b = backend(LiveBackend.Kind.TCP, "127.0.0.1");
        upsertOk("hc-tcp", document("TCP_CHECK", b).toString());
        advance(0);
        JsonNode h = health("hc-tcp");
        assertThat(h.get("enabled").asBoolean()).isTrue();
        assertThat(h.get("enabled_by").asText()).isEqualTo("server");
        assertThat(h.get("probed").asBoolean()).isTrue();
        assertThat(h.get("probed_here").asBoolean()).isTrue();
        assertThat(h.at("/listeners/0/healthy").asBoolean()).isTrue();
        assertThat(h.at("/listeners/0/check_port").asInt()).isEqualTo(b.port());
        assertThat(h.at("/listeners/0/backends/0/last_result").asText()).isEqualTo("up");
        assertThat(h.at("/listeners/0/backends/0/probes").asInt()).isEqualTo(1);
        assertThat(b.connectionsAtLeast(1)).isEqualTo(1);

        downAfterThreshold("hc-tcp", b);
        String address = "127.0.0.1:" + b.port();
        JsonNode down = lastEvent("hc-tcp");
        assertThat(down.get("operation").asText()).isEqualTo("health-check");
        assertThat(down.get("from").asText()).isEqualTo("Running");
        assertThat(down.get("to").asText()).isEqualTo("Unhealthy");
        assertThat(down.get("detail").asText()).contains("listener 'l1'", address, "connection refused",
                UNHEALTHY + " consecutive TCP_CHECK checks");
        // The platform views: coarse ERROR with the health check's error.
        JsonNode platform = platformDetail("hc-tcp");
        assertThat(platform.get("status").asText()).isEqualTo("ERROR");
        assertThat(platform.get("error_code").asText()).isEqualTo("ROMALOCAL.5003");
        assertThat(platform.get("error_msg").asText()).contains(address);
        h = health("hc-tcp");
        assertThat(h.at("/listeners/0/healthy").asBoolean()).isFalse();
        assertThat(h.at("/listeners/0/backends/0/consecutive_failures").asInt()).isEqualTo(UNHEALTHY);
        assertThat(h.at("/listeners/0/backends/0/last_error").asText()).isEqualTo("connection refused");

        // Still down: nothing more happens.
        advance(INTERVAL);
        assertThat(status("hc-tcp")).isEqualTo("Unhealthy");
        assertThat(events("hc-tcp")).hasSize(2); // upsert, unhealthy

        b.start();
        advance(INTERVAL);
        assertThat(status("hc-tcp")).isEqualTo("Running");
        JsonNode up = lastEvent("hc-tcp");
        assertThat(up.get("operation").asText()).isEqualTo("health-check");
        assertThat(up.get("to").asText()).isEqualTo("Running");
        assertThat(up.get("detail").asText()).contains("pass again", address);
        assertThat(platformDetail("hc-tcp").get("status").asText()).isEqualTo("RUNNING");
        assertThat(platformDetail("hc-tcp").has("error_code") && !platformDetail("hc-tcp").get("error_code").isNull()
                && !platformDetail("hc-tcp").get("error_code").asText().isEmpty()).isFalse();
    }

    @Test
    void aClockJumpCountsEveryIntervalItCovers() {
        LiveBackend b = backend(LiveBackend.Kind.TCP, "127.0.0.1");
        upsertOk("hc-jump", document("TCP_CHECK", b).toString());
        advance(0);
        b.stop();
        advance(UNHEALTHY * INTERVAL - 0.1);
        assertThat(status("hc-jump")).as("just short of unhealthy × interval").isEqualTo("Running");
        advance(0.1);
        assertThat(status("hc-jump")).isEqualTo("Unhealthy");
    }

    @Test
    void oneLiveBackendOfTwoKeepsTheListenerHealthy() {
        // Bound to 127.0.0.1 only: the same port on 127.0.0.2 refuses connections.
        LiveBackend b = backend(LiveBackend.Kind.TCP, "127.0.0.1");
        upsertOk("hc-two", document("Running", "TCP_CHECK", 4, b.port(), List.of("127.0.0.1", "127.0.0.2"))
                .toString());
        advance(0);
        for (int k = 0; k < 2 * UNHEALTHY; k++) {
            advance(INTERVAL);
        }
        assertThat(status("hc-two")).isEqualTo("Running");
        JsonNode h = health("hc-two");
        assertThat(h.at("/listeners/0/healthy").asBoolean()).isTrue();
        assertThat(h.at("/listeners/0/backends/0/healthy").asBoolean()).isTrue();
        assertThat(h.at("/listeners/0/backends/1/ip").asText()).isEqualTo("127.0.0.2");
        assertThat(h.at("/listeners/0/backends/1/healthy").asBoolean()).isFalse();
        assertThat(h.at("/listeners/0/backends/1/consecutive_failures").asInt()).isGreaterThanOrEqualTo(UNHEALTHY);
        assertThat(events("hc-two")).hasSize(1);

        // The last live one goes: the history names both.
        downAfterThreshold("hc-two", b);
        assertThat(lastEvent("hc-two").get("detail").asText())
                .contains("127.0.0.1:" + b.port(), "127.0.0.2:" + b.port());
    }

    @Test
    void httpGetNeedsA2xxOr3xxAnswer() {
        LiveBackend b = backend(LiveBackend.Kind.HTTP, "127.0.0.1");
        upsertOk("hc-http", document("HTTP_GET", b).toString());
        advance(0);
        assertThat(health("hc-http").at("/listeners/0/backends/0/last_result").asText()).isEqualTo("up");
        assertThat(b.connections()).as("GET / was sent").isPositive();
        b.answer(503);
        for (int k = 0; k < UNHEALTHY; k++) {
            advance(INTERVAL);
        }
        assertThat(status("hc-http")).isEqualTo("Unhealthy");
        assertThat(lastEvent("hc-http").get("detail").asText()).contains("HTTP 503", "HTTP_GET");
        b.answer(302);
        advance(INTERVAL);
        assertThat(status("hc-http")).isEqualTo("Running");
        // A stopped HTTP backend is down too.
        downAfterThreshold("hc-http", b);
    }

    @Test
    void anIpv6ListenerIsProbedOnItsIpv6Backend() {
        LiveBackend b = backend(LiveBackend.Kind.TCP, "::1");
        upsertOk("hc-v6", document("TCP_CHECK", b).toString());
        advance(0);
        assertThat(health("hc-v6").at("/listeners/0/backends/0/last_result").asText()).isEqualTo("up");
        downAfterThreshold("hc-v6", b);
        assertThat(lastEvent("hc-v6").get("detail").asText()).contains("[::1]:" + b.port());
    }

    @Test
    void instancesInOtherStatusesOrOptedOutAreNotProbed() {
        LiveBackend b = backend(LiveBackend.Kind.TCP, "127.0.0.1");
        upsertOk("hc-restarting", document("Restarting", "TCP_CHECK", 4, b.port(), List.of("127.0.0.1"))
                .toString());
        upsertOk("hc-frozen", document("Frozen", "TCP_CHECK", 4, b.port(), List.of("127.0.0.1")).toString());
        upsertOk("hc-off", document("TCP_CHECK", b).put("live_health_checks", false).toString());
        for (int k = 0; k < 2 * UNHEALTHY; k++) {
            advance(INTERVAL);
        }
        assertThat(b.connections()).as("no probe at all").isZero();
        assertThat(health("hc-restarting").get("probed").asBoolean()).isFalse();
        assertThat(health("hc-restarting").get("enabled").asBoolean()).isTrue();
        JsonNode off = health("hc-off");
        assertThat(off.get("enabled").asBoolean()).isFalse();
        assertThat(off.get("enabled_by").asText()).isEqualTo("instance");
        assertThat(off.get("probed").asBoolean()).isFalse();
        assertThat(off.at("/listeners/0/check_port").asInt()).isEqualTo(b.port());

        // An operation in progress: not probed while it runs (a restart of 100 s per step here).
        LiveBackend c = backend(LiveBackend.Kind.TCP, "127.0.0.1");
        upsertOk("hc-busy", document("TCP_CHECK", c).toString());
        advance(0);
        assertThat(health("hc-busy").at("/listeners/0/backends/0/probes").asInt()).isEqualTo(1);
        expect(http.send("POST", "/_roma_local/projects/" + PROJECT + "/instances/hc-busy/actions",
                java.util.Map.of("X-Auth-Token", adminToken, "Content-Type", "application/json",
                        "X-Roma-Local-Profile", "100"), "{\"action\":\"restart\"}"), 202);
        advance(0);
        int before = c.connectionsAtLeast(1);
        for (int k = 0; k < 5; k++) {
            advance(INTERVAL);
        }
        assertThat(status("hc-busy")).isEqualTo("Restarting");
        assertThat(health("hc-busy").get("probed").asBoolean()).isFalse();
        assertThat(c.connections()).as("no probe while restarting").isEqualTo(before);
        advance(50);
        assertThat(status("hc-busy")).isEqualTo("Running");
        JsonNode after = health("hc-busy");
        assertThat(after.get("probed").asBoolean()).isTrue();
        assertThat(after.at("/listeners/0/backends/0/probes").asInt()).as("probed afresh").isEqualTo(1);
    }

    @Test
    void anInstanceMadeUnhealthyByHandStaysSo() {
        LiveBackend b = backend(LiveBackend.Kind.TCP, "127.0.0.1");
        upsertOk("hc-hand", document("TCP_CHECK", b).toString());
        advance(0);
        expect(admin("POST", "/_roma_local/projects/" + PROJECT + "/instances/hc-hand/actions",
                "{\"action\":\"unhealthy\"}"), 202);
        for (int k = 0; k < UNHEALTHY; k++) {
            advance(INTERVAL);
        }
        assertThat(status("hc-hand")).as("probes pass, but the checks did not make it Unhealthy").isEqualTo("Unhealthy");
        assertThat(health("hc-hand").at("/listeners/0/backends/0/last_result").asText()).isEqualTo("up");
    }

    @Test
    void theHealthyActionClearsTheChecksErrorAndTheNextFailedProbeCountsAgain() {
        LiveBackend b = backend(LiveBackend.Kind.TCP, "127.0.0.1");
        upsertOk("hc-act", document("TCP_CHECK", b).toString());
        advance(0);
        downAfterThreshold("hc-act", b);
        expect(admin("POST", "/_roma_local/projects/" + PROJECT + "/instances/hc-act/actions",
                "{\"action\":\"healthy\"}"), 202);
        JsonNode platform = platformDetail("hc-act");
        assertThat(platform.get("status").asText()).isEqualTo("RUNNING");
        assertThat(platform.path("error_code").asText("")).isEmpty();
        // The backend is still down: the next probe finds every backend past the threshold again.
        advance(INTERVAL);
        assertThat(status("hc-act")).isEqualTo("Unhealthy");
        assertThat(lastEvent("hc-act").get("operation").asText()).isEqualTo("health-check");
    }

    @Test
    void theViewNamesTheInstanceLikeEveryControlRoute() {
        assertThat(get("/_roma_local/projects/" + PROJECT + "/instances/nope/health").status()).isEqualTo(404);
        assertThat(get("/_roma_local/projects/" + PROJECT + "/instances/nope/health").errorCode())
                .isEqualTo("APIC.7302");
        upsertOk("hc-none", "{}");
        JsonNode h = health("hc-none");
        assertThat(h.get("enabled").asBoolean()).isTrue();
        assertThat(h.get("probed").asBoolean()).isFalse();
        assertThat(h.get("listeners")).isEmpty();
    }
}
