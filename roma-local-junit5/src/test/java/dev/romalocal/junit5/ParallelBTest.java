package dev.romalocal.junit5;

import dev.romalocal.client.ClockState;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.StepFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs at the same time as ParallelATest (both are CONCURRENT; junit-platform.properties enables parallel
 * execution): each has its own server and store, and what one does (same instance id, another status; clock;
 * faults; reset) never shows in the other.
 */
@Execution(ExecutionMode.CONCURRENT)
@RomaLocalTest(pausedClock = true)
@RomaInstance(id = "shared-id", status = "Frozen")
class ParallelBTest {

    @Test
    void runsBesideTheOtherClassWithoutSeeingIt(RomaLocalControl control, URI endpoint) {
        Rendezvous.meet("started");
        long before = control.clock().nowMillis();
        control.addStepFault(StepFault.fail("delete"));
        control.upsertInstance("only-in-B", Map.of("status", "Running"));
        ClockState moved = control.advanceClock(Duration.ofSeconds(7));
        Rendezvous.meet("changed");

        assertThat(control.instance("shared-id")).hasValueSatisfying(i -> assertThat(i.status()).isEqualTo("Frozen"));
        assertThat(control.instance("only-in-B")).isPresent();
        assertThat(control.instance("only-in-A")).isEmpty();
        assertThat(control.faults().stepFaults()).singleElement()
                .satisfies(f -> assertThat(f.operation()).isEqualTo("delete"));
        assertThat(moved.nowMillis() - before).isBetween(7_000L, 7_000L + 60_000L);
        Rendezvous.meet("checked");

        Rendezvous.meet("reset"); // ParallelATest resets its server meanwhile: this one keeps its state
        assertThat(control.instance("only-in-B")).isPresent();
        assertThat(control.faults().stepFaults()).hasSize(1);
        assertThat(endpoint.getPort()).isPositive();
    }
}
