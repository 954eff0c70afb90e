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
 * Runs at the same time as ParallelBTest (both are CONCURRENT; junit-platform.properties enables parallel
 * execution): each has its own server and store, and what one does (same instance id, another status; clock;
 * faults; reset) never shows in the other.
 */
@Execution(ExecutionMode.CONCURRENT)
@RomaLocalTest(pausedClock = true)
@RomaInstance(id = "shared-id", status = "Running")
class ParallelATest {

    @Test
    void runsBesideTheOtherClassWithoutSeeingIt(RomaLocalControl control, URI endpoint) {
        Rendezvous.meet("started");
        long before = control.clock().nowMillis();
        control.addStepFault(StepFault.fail("create"));
        control.upsertInstance("only-in-A", Map.of("status", "Running"));
        ClockState moved = control.advanceClock(Duration.ofSeconds(100));
        Rendezvous.meet("changed");

        assertThat(control.instance("shared-id")).hasValueSatisfying(i -> assertThat(i.status()).isEqualTo("Running"));
        assertThat(control.instance("only-in-A")).isPresent();
        assertThat(control.instance("only-in-B")).isEmpty();
        assertThat(control.faults().stepFaults()).singleElement()
                .satisfies(f -> assertThat(f.operation()).isEqualTo("create"));
        assertThat(moved.nowMillis() - before).isBetween(100_000L, 100_000L + 60_000L);
        Rendezvous.meet("checked");

        control.reset(); // this server only: ParallelBTest keeps its state
        Rendezvous.meet("reset");
        assertThat(control.instance("only-in-A")).isEmpty();
        assertThat(endpoint.getPort()).isPositive();
    }
}
