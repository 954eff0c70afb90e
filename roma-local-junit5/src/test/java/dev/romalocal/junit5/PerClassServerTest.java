package dev.romalocal.junit5;

import dev.romalocal.client.RomaLocalControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A static extension: one server for the class, on a free port; without reset, state carries from test to test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassServerTest {
    @RegisterExtension
    static final RomaLocalExtension ROMA = RomaLocalExtension.builder().resetBetweenTests(false).build();

    private static URI firstEndpoint;
    private static RomaLocalControl firstControl;

    @Test
    @Order(1)
    void theServerListensOnAFreePort(URI endpoint, RomaLocalControl control) {
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isPositive().isNotEqualTo(9090);
        assertThat(ROMA.endpoint()).isEqualTo(endpoint);
        assertThat(control.health().path("status").asText()).isEqualTo("UP");
        control.upsertInstance("kept-1", Map.of("status", "Frozen"));
        firstEndpoint = endpoint;
        firstControl = control;
    }

    @Test
    @Order(2)
    void theNextTestUsesTheSameServerAndFindsItsState(URI endpoint, RomaLocalControl control) {
        assertThat(endpoint).isEqualTo(firstEndpoint);
        assertThat(control).isSameAs(firstControl);
        assertThat(control.instance("kept-1")).hasValueSatisfying(i -> assertThat(i.status()).isEqualTo("Frozen"));
    }

    @AfterAll
    static void stillRunningUntilTheClassIsDone() {
        assertThat(firstControl.health().path("status").asText()).isEqualTo("UP");
    }
}
