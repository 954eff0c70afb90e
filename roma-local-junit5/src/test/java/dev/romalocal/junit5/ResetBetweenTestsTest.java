package dev.romalocal.junit5;

import dev.romalocal.client.RequestFault;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.StepFault;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server for the class, reset before each test: what a test leaves (instances, faults, a paused clock, a
 * changed fixture) is gone when the next begins, and the fixtures are back as declared.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetBetweenTestsTest {
    @RegisterExtension
    static final RomaLocalExtension ROMA = RomaLocalExtension.builder()
            .instance("fixture-1", "Running", "ROMA_BASIC").build();

    private static URI endpoint;

    @Test
    @Order(1)
    void aTestLeavesStateBehind(RomaLocalControl control, URI endpoint) {
        ResetBetweenTestsTest.endpoint = endpoint;
        control.upsertInstance("left-1", Map.of("status", "Running"));
        control.forceStatus("fixture-1", "Frozen");
        control.addStepFault(StepFault.fail("create"));
        control.addRequestFault(RequestFault.on("GET", "/v2/{project_id}/instances", "APIC.9000"));
        control.pauseClock();
        control.advanceClock(Duration.ofSeconds(30));
        assertThat(control.faults().stepFaults()).hasSize(1);
        assertThat(control.clock().paused()).isTrue();
    }

    @Test
    @Order(2)
    void theNextTestFindsTheDeclaredStateOnly(RomaLocalControl control, URI endpoint) {
        assertThat(endpoint).as("the same server").isEqualTo(ResetBetweenTestsTest.endpoint);
        assertThat(control.instance("left-1")).isEmpty();
        assertThat(control.instance("fixture-1")).hasValueSatisfying(i -> {
            assertThat(i.status()).isEqualTo("Running");
            assertThat(i.spec()).isEqualTo("ROMA_BASIC");
        });
        assertThat(control.faults().isEmpty()).isTrue();
        assertThat(control.clock().paused()).as("the clock runs again").isFalse();
        assertThat(control.clock().offsetMillis()).as("at wall time: the advance is gone").isZero();
        assertThat(control.events("fixture-1")).as("history starts over").hasSize(1);
    }
}
