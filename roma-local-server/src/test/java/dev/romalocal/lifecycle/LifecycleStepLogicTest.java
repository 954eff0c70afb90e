package dev.romalocal.lifecycle;

import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's step logic without a store: what a step leads to, where a refused step lands, the backoff. */
class LifecycleStepLogicTest {

    @Test
    void aStepLeadsToTheNextTheFailureOrTheEnd() {
        assertThat(Transitions.after(Operation.CREATE, 0, false)).isEqualTo(Transitions.Next.STEP);
        assertThat(Transitions.after(Operation.CREATE, 3, true)).isEqualTo(Transitions.Next.FAIL);
        assertThat(Transitions.after(Operation.CREATE, 4, false)).isEqualTo(Transitions.Next.FINISH);
        assertThat(Transitions.after(Operation.DELETE, 1, false)).isEqualTo(Transitions.Next.FINISH);
        assertThat(Transitions.after(Operation.ROLLBACK, -1, true)).isEqualTo(Transitions.Next.START_ROLLBACK);
        // A step without a documented failure status is not failed by a fault.
        assertThat(Transitions.after(Operation.ROLLBACK, 1, true)).isEqualTo(Transitions.Next.FINISH);
        assertThat(Transitions.after(Operation.FREEZE, 0, true)).isEqualTo(Transitions.Next.FINISH);
    }

    @Test
    void aRefusedStepLandsInADocumentedFailedStatusNeverATransitionalOne() {
        assertThat(Operation.CREATE.broken(0)).isEqualTo(InstanceStatus.CREATE_FAIL);
        assertThat(Operation.CREATE.broken(3)).isEqualTo(InstanceStatus.INSTALL_FAILED);
        assertThat(Operation.DELETE.broken(1)).isEqualTo(InstanceStatus.UNREGISTER_FAILED);
        assertThat(Operation.UPGRADE.broken(0)).isEqualTo(InstanceStatus.UPDATE_FAILED);
        assertThat(Operation.RESTART.broken(0)).isEqualTo(InstanceStatus.RESTART_FAIL);
        assertThat(Operation.ROLLBACK.broken(-1)).isEqualTo(InstanceStatus.ROLLBACK_FAILED);
        assertThat(Operation.ROLLBACK.broken(1)).isEqualTo(InstanceStatus.ROLLBACK_FAILED);
        assertThat(Operation.FREEZE.broken(0)).isEqualTo(InstanceStatus.UNHEALTHY);
        assertThat(Operation.UNFREEZE.broken(0)).isEqualTo(InstanceStatus.RESTART_FAIL);
        List<InstanceStatus> transitional = new ArrayList<>();
        for (Operation op : Operation.values()) {
            for (Operation.Step s : op.steps()) {
                transitional.add(s.status());
            }
        }
        for (Operation op : Operation.values()) {
            for (int step = -1; step < op.steps().size(); step++) {
                if (step < 0 && op != Operation.ROLLBACK) {
                    continue;
                }
                assertThat(transitional).as(op + " step " + step).doesNotContain(op.broken(step));
            }
        }
    }

    @Test
    void refusedStepsBackOffAndTheBackoffIsBounded() {
        assertThat(LifecycleEngine.backoff(0)).isEqualTo(500);
        assertThat(LifecycleEngine.backoff(1)).isEqualTo(1000);
        assertThat(LifecycleEngine.backoff(2)).isEqualTo(2000);
        assertThat(LifecycleEngine.backoff(3)).isEqualTo(4000);
        assertThat(LifecycleEngine.backoff(4)).isEqualTo(8000);
        assertThat(LifecycleEngine.backoff(5)).isEqualTo(8000);
        assertThat(LifecycleEngine.backoff(Integer.MAX_VALUE)).isEqualTo(8000);
    }

    @Test
    void theDefaultErrorOfAFailedOperation() {
        assertThat(Transitions.defaultErrorCode(Operation.CREATE)).isEqualTo("APIC.9206");
        assertThat(Transitions.defaultErrorCode(Operation.DELETE)).isEqualTo("ROMALOCAL.5001");
    }

    @Test
    void profilesAreBoundedSoTheyFitTheirColumn() {
        for (String ok : List.of("instant", "fast", "realistic", "0", "2", "0.25", "86400", "00001", "1.125")) {
            assertThat(Profile.check("p", ok)).isEqualTo(ok);
        }
        for (String bad : List.of("0000000000000000000000000000000001", "86401", "86400.5", "1e3", "0x1p3", "-1",
                "NaN", "Infinity", "1.0001", "", " 1", "FAST")) {
            assertThatThrownBy(() -> Profile.check("X-Roma-Local-Profile", bad)).as(bad)
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("X-Roma-Local-Profile");
        }
        assertThat(Profile.duration("0.25", Operation.CREATE, 0)).isEqualTo(250);
    }
}
