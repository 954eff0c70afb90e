package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one status table: each of the 34 detailed statuses of the APIC detail view with its documented number
 * ({@code instance_status}) and its coarse platform status. {@link #STARTING} is the only ambiguous one: it is
 * {@code CREATING} while an instance is being created and {@code RUNNING} when it is starting after an unfreeze
 * (see {@link #coarse(boolean)}).
 */
public enum InstanceStatus {
    CREATING("Creating", 1, CoarseStatus.CREATING),
    CREATE_SUCCESS("CreateSuccess", 2, CoarseStatus.CREATING),
    CREATE_FAIL("CreateFail", 3, CoarseStatus.CREATE_FAILED),
    INITING("Initing", 4, CoarseStatus.CREATING),
    REGISTERING("Registering", 5, CoarseStatus.CREATING),
    RUNNING("Running", 6, CoarseStatus.RUNNING),
    INITING_FAILED("InitingFailed", 7, CoarseStatus.CREATE_FAILED),
    REGISTER_FAILED("RegisterFailed", 8, CoarseStatus.CREATE_FAILED),
    INSTALLING("Installing", 10, CoarseStatus.CREATING),
    INSTALL_FAILED("InstallFailed", 11, CoarseStatus.CREATE_FAILED),
    UPDATING("Updating", 12, CoarseStatus.RUNNING),
    UPDATE_FAILED("UpdateFailed", 13, CoarseStatus.ERROR),
    ROLLBACKING("Rollbacking", 20, CoarseStatus.RUNNING),
    ROLLBACK_SUCCESS("RollbackSuccess", 21, CoarseStatus.RUNNING),
    ROLLBACK_FAILED("RollbackFailed", 22, CoarseStatus.ERROR),
    DELETING("Deleting", 23, CoarseStatus.DELETING),
    DELETE_FAILED("DeleteFailed", 24, CoarseStatus.DELETE_FALIED),
    UNREGISTERING("Unregistering", 25, CoarseStatus.DELETING),
    UNREGISTER_FAILED("UnRegisterFailed", 26, CoarseStatus.DELETE_FALIED),
    CREATE_TIMEOUT("CreateTimeout", 27, CoarseStatus.CREATE_FAILED),
    INIT_TIMEOUT("InitTimeout", 28, CoarseStatus.CREATE_FAILED),
    REGISTER_TIMEOUT("RegisterTimeout", 29, CoarseStatus.CREATE_FAILED),
    INSTALL_TIMEOUT("InstallTimeout", 30, CoarseStatus.CREATE_FAILED),
    UPDATE_TIMEOUT("UpdateTimeout", 31, CoarseStatus.ERROR),
    ROLLBACK_TIMEOUT("RollbackTimeout", 32, CoarseStatus.ERROR),
    DELETE_TIMEOUT("DeleteTimeout", 33, CoarseStatus.DELETE_FALIED),
    UNREGISTER_TIMEOUT("UnregisterTimeout", 34, CoarseStatus.DELETE_FALIED),
    STARTING("Starting", 35, CoarseStatus.CREATING),
    FREEZING("Freezing", 36, CoarseStatus.FREEZING),
    FROZEN("Frozen", 37, CoarseStatus.FROZEN),
    RESTARTING("Restarting", 38, CoarseStatus.RUNNING),
    RESTART_FAIL("RestartFail", 39, CoarseStatus.ERROR),
    UNHEALTHY("Unhealthy", 40, CoarseStatus.ERROR),
    RESTART_TIMEOUT("RestartTimeout", 41, CoarseStatus.ERROR);

    private static final Map<String, InstanceStatus> BY_WIRE = new HashMap<>();
    private static final Map<Integer, InstanceStatus> BY_NUMBER = new HashMap<>();

    static {
        for (InstanceStatus s : values()) {
            BY_WIRE.put(s.wire, s);
            BY_NUMBER.put(s.number, s);
        }
    }

    private final String wire;
    private final int number;
    private final CoarseStatus coarse;

    InstanceStatus(String wire, int number, CoarseStatus coarse) {
        this.wire = wire;
        this.number = number;
        this.coarse = coarse;
    }

    /** The exact spelling of the APIC detail view's {@code status}. */
    public String wire() {
        return wire;
    }

    /** The documented {@code instance_status} number. */
    public int number() {
        return number;
    }

    /**
     * The coarse platform status.
     *
     * @param resuming true when the instance is starting again after an unfreeze (only matters for Starting)
     */
    public CoarseStatus coarse(boolean resuming) {
        if (this == STARTING && resuming) {
            return CoarseStatus.RUNNING;
        }
        return coarse;
    }

    public static Optional<InstanceStatus> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    public static Optional<InstanceStatus> fromNumber(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    /**
     * The status a request names by {@code status} (wire spelling), by {@code instance_status} (number), or both
     * (then they must agree); null when it names neither. A bad value is a 400 naming the field.
     */
    public static InstanceStatus parse(String byName, Integer byNumber) {
        InstanceStatus named = byName == null ? null : fromWire(byName).orElseThrow(() ->
                new InvalidParameterException("status",
                        "must be one of the 34 documented statuses (e.g. Running, Creating, Frozen)"));
        InstanceStatus numbered = byNumber == null ? null : fromNumber(byNumber).orElseThrow(() ->
                new InvalidParameterException("instance_status", "must be one of the documented numbers 1-8, "
                        + "10-13, 20-41"));
        if (named != null && numbered != null && named != numbered) {
            throw new InvalidParameterException("instance_status",
                    "disagrees with status: " + named.wire() + " is " + named.number());
        }
        return named != null ? named : numbered;
    }
}
