package dev.romalocal.junit5;

import dev.romalocal.client.InstanceDetail;
import dev.romalocal.client.RomaLocalControl;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Declarative fixtures: on the class, on the method (winning for the same id), with extra fields; nested classes. */
@RomaLocalTest(profile = "instant")
@RomaInstance(id = "class-1", status = "Running", spec = "ROMA_ENTERPRISE", name = "orders-gateway")
@RomaInstance(id = "class-2", status = "Frozen", json = "{\"description\": \"billing stopped\", \"charging_mode\": 1}")
class FixturesTest {
    private static URI outerEndpoint;

    @Test
    void classFixturesAreInPlace(RomaLocalControl control, URI endpoint) {
        outerEndpoint = endpoint;
        InstanceDetail one = control.instance("class-1").orElseThrow();
        assertThat(one.status()).isEqualTo("Running");
        assertThat(one.instanceStatus()).isEqualTo(6);
        assertThat(one.spec()).isEqualTo("ROMA_ENTERPRISE");
        assertThat(one.name()).isEqualTo("orders-gateway");
        InstanceDetail two = control.instance("class-2").orElseThrow();
        assertThat(two.status()).isEqualTo("Frozen");
        assertThat(two.json().path("description").asText()).isEqualTo("billing stopped");
        assertThat(two.json().path("charging_mode").asInt()).isEqualTo(1);
        assertThat(control.instance("method-1")).isEmpty();
    }

    @Test
    @RomaInstance(id = "method-1", status = "CreateFail")
    @RomaInstance(id = "class-2", status = "Unhealthy")
    void methodFixturesAddToThemAndWinForTheSameId(RomaLocalControl control) {
        assertThat(control.instance("method-1")).map(InstanceDetail::status).hasValue("CreateFail");
        assertThat(control.instance("class-2")).map(InstanceDetail::status).hasValue("Unhealthy");
        assertThat(control.instance("class-1")).map(InstanceDetail::status).hasValue("Running");
    }

    @Test
    void theAnnotationChoosesTheLifecycleProfile(RomaLocalServer server) {
        assertThat(server.server().settings().lifecycle().profile()).isEqualTo("instant");
    }

    @Nested
    @RomaInstance(id = "nested-1", status = "Restarting")
    class Nested1 {
        @Test
        void nestedTestsShareTheServerAndAddTheirFixtures(RomaLocalControl control, URI endpoint) {
            if (outerEndpoint != null) {
                assertThat(endpoint).isEqualTo(outerEndpoint);
            }
            assertThat(control.instance("class-1")).isPresent();
            assertThat(control.instance("nested-1")).map(InstanceDetail::status).hasValue("Restarting");
            control.upsertInstance("scratch-1", Map.of());
        }
    }
}
