package dev.romalocal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.Action;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.json.Json;
import dev.romalocal.json.JsonFields;
import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Lifecycle operations: create, delete, restart, upgrade, freeze/unfreeze (as persisted tasks the
 * {@link LifecycleEngine} advances), the immediate health actions and status overrides, step faults, the clock
 * and the creation progress view. Every write locks the instance row first, so it and the workers take turns.
 */
public final class LifecycleService {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /** The actions of the control API's actions endpoint. */
    private static final java.util.List<Action> ACTIONS = java.util.List.of(Action.RESTART, Action.UPGRADE,
            Action.FREEZE, Action.UNFREEZE, Action.UNHEALTHY, Action.HEALTHY);
    /** Column widths of step_faults (V2__lifecycle.sql). */
    private static final int ID_MAX = 64;
    private static final int PROJECT_ID_MAX = 128;
    private static final int ERROR_CODE_MAX = 64;
    private static final int ERROR_MESSAGE_MAX = 512;

    private final InstanceService instances;
    private final InstanceStore store;
    private final TaskStore tasks;
    private final SimClock clock;
    private final LifecycleEngine engine;
    private final Transitions transitions;
    private final String defaultProfile;
    private final int quota;

    public LifecycleService(InstanceService instances, TaskStore tasks, SimClock clock, LifecycleEngine engine,
                            String defaultProfile, int quota) {
        this.instances = instances;
        this.store = instances.store();
        this.tasks = tasks;
        this.clock = clock;
        this.engine = engine;
        this.transitions = new Transitions(instances, tasks);
        this.defaultProfile = Profile.check("--lifecycle-profile", defaultProfile);
        this.quota = quota;
    }

    public String defaultProfile() {
        return defaultProfile;
    }

    /** Creates an instance (status Creating) and starts its create operation. */
    public Instance create(String projectId, CreateRequest request, String callerUserId, String profile) {
        String id = UUID.randomUUID().toString();
        String p = profile(profile);
        Instance created = tasks.transaction(h -> {
            store.lockProject(h, projectId);
            int count = store.countInProject(h, projectId);
            if (count >= quota) {
                throw new ApiException(ErrorCode.INSTANCE_QUOTA);
            }
            long now = clock.now();
            Instance.Builder b = request.instance().build().toBuilder()
                    .id(id).projectId(projectId).status(InstanceStatus.CREATING);
            if (request.publicIp()) {
                b.eipAddress(instances.allocateEip(h, id));
            }
            return transitions.create(h, instances.materialize(h, b, now, callerUserId), p, now);
        });
        engine.wake();
        return created;
    }

    /**
     * Starts deleting an instance (Deleting, Unregistering, gone). Deleting one that is being created (or doing
     * anything else) cancels that operation; deleting one already being deleted changes nothing.
     */
    public Instance delete(String projectId, String instanceId, String profile) {
        String p = profile(profile);
        Instance result = tasks.transaction(h -> {
            InstanceStore.Stored s = locked(h, projectId, instanceId);
            Action.DELETE.require(s.instance());
            InstanceStatus status = s.instance().status();
            if (status == InstanceStatus.DELETING || status == InstanceStatus.UNREGISTERING) {
                return s.instance();
            }
            return transitions.begin(h, s, Operation.DELETE, p, null, clock.now());
        });
        engine.wake();
        return result;
    }

    /**
     * The control API's instance actions: {@code restart}, {@code upgrade} (with {@code version}),
     * {@code freeze}, {@code unfreeze}, and the immediate {@code unhealthy} / {@code healthy}.
     */
    public Instance act(String projectId, String instanceId, JsonNode body, String profile) {
        JsonFields f = JsonFields.of(body, "").only(Set.of("action", "version"));
        String action = f.requiredString("action");
        String version = f.string("version");
        Action kind = ACTIONS.stream().filter(a -> a.wire().equals(action)).findFirst().orElseThrow(() ->
                new InvalidParameterException("action",
                        "must be restart, upgrade, freeze, unfreeze, unhealthy or healthy"));
        if (kind == Action.UPGRADE && (version == null || version.isBlank() || version.length() > 64)) {
            throw new InvalidParameterException("version", "the target instance_version is required");
        }
        String p = profile(profile);
        Instance result = tasks.transaction(h -> {
            InstanceStore.Stored s = locked(h, projectId, instanceId);
            Instance i = s.instance();
            long now = clock.now();
            kind.require(i);
            switch (kind) {
                case RESTART -> {
                    return transitions.begin(h, s, Operation.RESTART, p, null, now);
                }
                case UPGRADE -> {
                    if (version.equals(i.instanceVersion())) {
                        throw new InvalidParameterException("version", "the instance already runs " + version);
                    }
                    return transitions.begin(h, s, Operation.UPGRADE, p,
                            Json.storageString(Map.of("version", version)), now);
                }
                case FREEZE -> {
                    return transitions.begin(h, s, Operation.FREEZE, p, null, now);
                }
                case UNFREEZE -> {
                    return transitions.begin(h, s, Operation.UNFREEZE, p, null, now);
                }
                case UNHEALTHY -> {
                    return transitions.force(h, s, InstanceStatus.UNHEALTHY, "health", now);
                }
                case HEALTHY -> {
                    return transitions.force(h, s, InstanceStatus.RUNNING, "health", now);
                }
                default -> throw new IllegalStateException("not an action of this API: " + kind);
            }
        });
        engine.wake();
        return result;
    }

    /** Forces an instance into any of the 34 statuses at once, ending any operation in progress. */
    public Instance force(String projectId, String instanceId, JsonNode body) {
        JsonFields f = JsonFields.of(body, "").only(Set.of("status", "instance_status"));
        InstanceStatus target = InstanceStatus.parse(f.has("status") ? f.string("status") : null,
                f.integer("instance_status"));
        if (target == null) {
            throw new InvalidParameterException("status", "is required (or instance_status)");
        }
        return tasks.transaction(h ->
                transitions.force(h, locked(h, projectId, instanceId), target, "force", clock.now()));
    }

    public ProgressView progress(String projectId, String instanceId) {
        return ProgressView.of(instances.get(projectId, instanceId), clock.now());
    }

    // --- clock -----------------------------------------------------------------------------------------------

    public SimClock.State clock() {
        clock.refresh();
        return clock.state();
    }

    public long now() {
        return clock.now();
    }

    /** Moves the clock forward and runs every step that became due before answering. */
    public SimClock.State advance(Duration by) {
        SimClock.State s = clock.advance(by.toMillis());
        engine.wake();
        engine.settle(SETTLE_TIMEOUT);
        return s;
    }

    public SimClock.State pause(boolean paused) {
        SimClock.State s = clock.setPaused(paused);
        engine.wake();
        return s;
    }

    // --- step faults -----------------------------------------------------------------------------------------

    public TaskStore.StepFault addFault(JsonNode body) {
        JsonFields f = JsonFields.of(body, "").only(Set.of("operation", "step", "effect", "count", "project_id",
                "instance_id", "error_code", "error_message"));
        Operation op = Operation.fromWire(f.requiredString("operation")).orElseThrow(() ->
                new InvalidParameterException("operation", "must be one of " + Arrays.stream(Operation.values())
                        .filter(o -> o.steps().stream().anyMatch(Operation.Step::canFail))
                        .map(Operation::wire).toList()));
        String step = f.string("step");
        if (step != null && op.step(step).filter(Operation.Step::canFail).isEmpty()) {
            throw new InvalidParameterException("step", "must be a step of " + op.wire() + " that can fail: "
                    + op.steps().stream().filter(Operation.Step::canFail).map(s -> s.status().wire()).toList());
        }
        if (op.steps().stream().noneMatch(Operation.Step::canFail)) {
            throw new InvalidParameterException("operation", op.wire() + " has no documented failure status");
        }
        String effect = f.requiredString("effect").toLowerCase(Locale.ROOT);
        if (!effect.equals("fail") && !effect.equals("timeout")) {
            throw new InvalidParameterException("effect", "must be fail or timeout");
        }
        Integer count = f.integer("count", 1, 100_000);
        TaskStore.StepFault fault = new TaskStore.StepFault(UUID.randomUUID().toString(),
                bounded(f, "project_id", PROJECT_ID_MAX), bounded(f, "instance_id", ID_MAX), op, step, effect,
                count == null ? 1 : count, bounded(f, "error_code", ERROR_CODE_MAX),
                bounded(f, "error_message", ERROR_MESSAGE_MAX), System.currentTimeMillis());
        tasks.insertFault(fault);
        return fault;
    }

    public java.util.List<TaskStore.StepFault> faults() {
        return tasks.faults();
    }

    public boolean deleteFault(String id) {
        return tasks.deleteFault(id);
    }

    /** Removes every instance, operation, history entry and step fault. */
    public int reset() {
        // Retried: on PostgreSQL a reset racing other writes can be chosen as a deadlock victim.
        return tasks.transaction(h -> {
            tasks.deleteAllFaults(h);
            return store.deleteAll(h);
        });
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private String profile(String requested) {
        return requested == null || requested.isBlank() ? defaultProfile
                : Profile.check("X-Roma-Local-Profile", requested.trim());
    }

    private InstanceStore.Stored locked(Handle h, String projectId, String instanceId) {
        return store.find(h, instanceId, true).filter(s -> s.instance().projectId().equals(projectId))
                .orElseThrow(() -> new ApiException(ErrorCode.INSTANCE_NOT_FOUND));
    }

    /** A string field no longer than its column. */
    private static String bounded(JsonFields f, String field, int max) {
        String v = f.string(field);
        if (v != null && (v.isEmpty() || v.length() > max)) {
            throw new InvalidParameterException(field, "must be 1 to " + max + " characters");
        }
        return v;
    }
}
