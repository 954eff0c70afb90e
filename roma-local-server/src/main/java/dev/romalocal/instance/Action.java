package dev.romalocal.instance;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.romalocal.instance.CoarseStatus.ERROR;
import static dev.romalocal.instance.CoarseStatus.RUNNING;

/**
 * What each status allows: the one table of the writes that depend on an instance's status. Each row is an action,
 * the statuses it may start from and whether an operation in progress blocks it. Every caller (the lifecycle
 * actions, update, delete) asks {@link #require}; a refused write is 409 {@link ErrorCode#INSTANCE_STATE_CONFLICT}
 * with the message {@link #refusal} builds. docs/api.md's "What each status allows" table is {@link #markdown()}
 * (a unit test keeps them equal). A status rule changes in one line here.
 */
public enum Action {
    RESTART("restart", true, idle(RUNNING, ERROR)),
    UPGRADE("upgrade", true, EnumSet.of(InstanceStatus.RUNNING)),
    FREEZE("freeze", true, idle(RUNNING, ERROR)),
    UNFREEZE("unfreeze", true, EnumSet.of(InstanceStatus.FROZEN)),
    UNHEALTHY("unhealthy", true, EnumSet.of(InstanceStatus.RUNNING)),
    HEALTHY("healthy", true, EnumSet.of(InstanceStatus.UNHEALTHY)),
    UPDATE("update", true, idle(RUNNING, ERROR)),
    /** CreateFeatureV2: a feature is configured on a working instance. */
    CONFIGURE("configure", true, idle(RUNNING, ERROR)),
    /** Any status, busy or not: a delete supersedes the operation in progress (one already deleting stays so). */
    DELETE("delete", false, EnumSet.allOf(InstanceStatus.class));

    private final String wire;
    private final boolean needsIdle;
    private final Set<InstanceStatus> from;

    Action(String wire, boolean needsIdle, Set<InstanceStatus> from) {
        this.wire = wire;
        this.needsIdle = needsIdle;
        this.from = from;
    }

    /** The statuses whose coarse status (of an idle instance) is one of these. */
    private static Set<InstanceStatus> idle(CoarseStatus... coarse) {
        Set<CoarseStatus> wanted = EnumSet.of(coarse[0], coarse);
        EnumSet<InstanceStatus> out = EnumSet.noneOf(InstanceStatus.class);
        for (InstanceStatus s : InstanceStatus.values()) {
            if (wanted.contains(s.coarse(false))) {
                out.add(s);
            }
        }
        return out;
    }

    public String wire() {
        return wire;
    }

    /** True when an operation in progress blocks this action. */
    public boolean needsIdle() {
        return needsIdle;
    }

    /** The statuses this action may start from. */
    public Set<InstanceStatus> from() {
        return from;
    }

    public boolean allowedIn(InstanceStatus status) {
        return from.contains(status);
    }

    public boolean allows(Instance i) {
        return (!needsIdle || !i.busy()) && allowedIn(i.status());
    }

    /** Refuses (409) unless this action may start on the instance as it is. */
    public void require(Instance i) {
        if (!allows(i)) {
            throw refusal(i);
        }
    }

    /** The one conflict message: what the action needs and what the instance is. */
    public ApiException refusal(Instance i) {
        return new ApiException(ErrorCode.INSTANCE_STATE_CONFLICT, wire + " needs " + needs()
                + "; this one is " + i.status().wire()
                + (i.busy() ? " (" + i.activity().name() + " in progress)" : ""));
    }

    /** What this action needs, in words (from the table). */
    public String needs() {
        String statuses;
        if (from.size() == InstanceStatus.values().length) {
            statuses = "any status";
        } else {
            Set<CoarseStatus> coarse = from.stream().map(s -> s.coarse(false))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(CoarseStatus.class)));
            CoarseStatus[] array = coarse.toArray(new CoarseStatus[0]);
            if (from.size() > 1 && from.equals(idle(array))) {
                statuses = "coarse status " + coarse.stream().map(Enum::name).collect(Collectors.joining(" or "));
            } else {
                statuses = "status " + from.stream().map(InstanceStatus::wire).collect(Collectors.joining(" or "));
            }
        }
        return (needsIdle ? "an idle instance in " : "an instance in ") + statuses;
    }

    /**
     * The table of docs/api.md: one row per status (its number and coarse status) with a mark for each action it
     * allows.
     */
    public static String markdown() {
        StringBuilder out = new StringBuilder("| status | instance_status | coarse |");
        for (Action a : values()) {
            out.append(' ').append(a.wire).append(" |");
        }
        out.append("\n|---|---|---|");
        out.append("---|".repeat(values().length)).append('\n');
        for (InstanceStatus s : InstanceStatus.values()) {
            out.append("| ").append(s.wire()).append(" | ").append(s.number()).append(" | ")
                    .append(s.coarse(false).name()).append(" |");
            for (Action a : values()) {
                out.append(a.allowedIn(s) ? " yes |" : " |");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
