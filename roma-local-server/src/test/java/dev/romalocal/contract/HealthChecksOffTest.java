package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.LiveBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live health checks are off by default: no probe of an instance that does not ask for them, whatever its listeners
 * say; an instance whose document says {@code "live_health_checks": true} is probed all the same.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HealthChecksOffTest extends ServerFixture {
    @BeforeEach
    void cleanSlate() {
        expect(admin("POST", "/_roma_local/reset", null), 200);
        pauseClock();
    }

    JsonNode health(String id) {
        return expect(get("/_roma_local/projects/" + PROJECT + "/instances/" + id + "/health"), 200).json();
    }

    @Test
    void offByDefaultAndOnForAnInstanceThatAsks() {
        try (LiveBackend b = LiveBackend.start(LiveBackend.Kind.TCP, "127.0.0.1")) {
            upsertOk("off-1", HealthChecksTest.document("TCP_CHECK", b).toString());
            for (int k = 0; k < 5; k++) {
                advance(HealthChecksTest.INTERVAL);
            }
            assertThat(b.connections()).as("no probe").isZero();
            JsonNode h = health("off-1");
            assertThat(h.get("enabled").asBoolean()).isFalse();
            assertThat(h.get("enabled_by").asText()).isEqualTo("server");
            assertThat(h.get("probed").asBoolean()).isFalse();
            assertThat(h.at("/listeners/0/protocol").asText()).isEqualTo("TCP_CHECK");
            assertThat(h.at("/listeners/0/backends")).isEmpty();

            upsertOk("on-1", HealthChecksTest.document("TCP_CHECK", b).put("live_health_checks", true).toString());
            advance(0);
            assertThat(b.connectionsAtLeast(1)).isEqualTo(1);
            assertThat(health("on-1").get("enabled_by").asText()).isEqualTo("instance");
            assertThat(health("on-1").at("/listeners/0/backends/0/last_result").asText()).isEqualTo("up");
            b.stop();
            for (int k = 0; k < HealthChecksTest.UNHEALTHY; k++) {
                advance(HealthChecksTest.INTERVAL);
            }
            assertThat(status("on-1")).isEqualTo("Unhealthy");
            assertThat(status("off-1")).isEqualTo("Running");
        }
    }
}
