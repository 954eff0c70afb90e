package dev.romalocal.lifecycle;

import dev.romalocal.instance.InstanceStatus;

import java.util.List;
import java.util.Optional;

import static dev.romalocal.instance.InstanceStatus.*;

/**
 * The lifecycle flows: each operation is a list of steps, each step the status the instance
 * shows while it runs and the documented statuses it lands in when it fails or times out; then a final status
 * (none for delete: the instance is gone). A failed upgrade rolls back: it dwells one step in UpdateFailed (or
 * UpdateTimeout), then runs {@link #ROLLBACK}.
 */
public enum Operation {
    CREATE(List.of(
            new Step(CREATING, CREATE_FAIL, CREATE_TIMEOUT),
            new Step(INITING, INITING_FAILED, INIT_TIMEOUT),
            new Step(REGISTERING, REGISTER_FAILED, REGISTER_TIMEOUT),
            new Step(INSTALLING, INSTALL_FAILED, INSTALL_TIMEOUT),
            new Step(STARTING, CREATE_FAIL, CREATE_TIMEOUT)), RUNNING, CREATE_FAIL),
    DELETE(List.of(
            new Step(DELETING, DELETE_FAILED, DELETE_TIMEOUT),
            new Step(UNREGISTERING, UNREGISTER_FAILED, UNREGISTER_TIMEOUT)), null, DELETE_FAILED),
    RESTART(List.of(new Step(RESTARTING, RESTART_FAIL, RESTART_TIMEOUT)), RUNNING, RESTART_FAIL),
    UPGRADE(List.of(new Step(UPDATING, UPDATE_FAILED, UPDATE_TIMEOUT)), RUNNING, UPDATE_FAILED),
    ROLLBACK(List.of(
            new Step(ROLLBACKING, ROLLBACK_FAILED, ROLLBACK_TIMEOUT),
            new Step(ROLLBACK_SUCCESS, null, null)), RUNNING, ROLLBACK_FAILED),
    FREEZE(List.of(new Step(FREEZING, null, null)), FROZEN, UNHEALTHY),
    UNFREEZE(List.of(new Step(STARTING, null, null)), RUNNING, RESTART_FAIL);

    /** One step: the status while it runs, where it lands on failure and on timeout (null: it cannot fail). */
    public record Step(InstanceStatus status, InstanceStatus failed, InstanceStatus timedOut) {
        public boolean canFail() {
            return failed != null;
        }
    }

    private final List<Step> steps;
    private final InstanceStatus finalStatus;
    private final InstanceStatus brokenStatus;

    Operation(List<Step> steps, InstanceStatus finalStatus, InstanceStatus brokenStatus) {
        this.steps = steps;
        this.finalStatus = finalStatus;
        this.brokenStatus = brokenStatus;
    }

    /**
     * Where the operation lands when the store keeps refusing step {@code step} (-1: the dwell before a rollback):
     * the step's own failed status when it has one, else the operation's fallback (freeze: Unhealthy, unfreeze:
     * RestartFail, rollback: RollbackFailed).
     */
    public InstanceStatus broken(int step) {
        return step >= 0 && steps.get(step).canFail() ? steps.get(step).failed() : brokenStatus;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The status after the last step; null when the operation removes the instance. */
    public InstanceStatus finalStatus() {
        return finalStatus;
    }

    /** The lower-case name used on the wire, in faults and in the instance's activity. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The step running in this status, if the operation has one. */
    public Optional<Step> step(String statusWire) {
        return steps.stream().filter(s -> s.status().wire().equals(statusWire)).findFirst();
    }

    public static Optional<Operation> fromWire(String value) {
        for (Operation o : values()) {
            if (o.wire().equals(value)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
