package dev.romalocal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.CoarseStatus;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.json.Json;
import dev.romalocal.json.JsonFields;
import dev.romalocal.store.Retry;
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

    private final InstanceService instances;
    private final InstanceStore store;
    private final TaskStore tasks;
    private final SimClock clock;
    private final LifecycleEngine engine;
    private final String defaultProfile;
    private final int quota;

    public LifecycleService(InstanceService instances, TaskStore tasks, SimClock clock, LifecycleEngine engine,
                            String defaultProfile, int quota) {
        this.instances = instances;
        this.store = instances.store();
        this.tasks = tasks;
        this.clock = clock;
        this.engine = engine;
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
        Instance created = Retry.onConflict(() -> tasks.jdbi().inTransaction(h -> {
            store.lockProject(h, projectId);
            int count = store.countInProject(h, projectId);
            if (count >= quota) {
                throw new ApiException(ErrorCode.INSTANCE_QUOTA);
            }
            long now = clock.now();
            Instance.Builder b = request.instance().build().toBuilder()
                    .id(id).projectId(projectId).status(InstanceStatus.CREATING)
                    .activity(new Instance.Activity(Operation.CREATE.wire(), 0, Operation.CREATE.steps().size(), now,
                            null, Instance.Activity.Outcome.RUNNING));
            if (request.publicIp()) {
                b.eipAddress(instances.allocateEip(h, id));
            }
            Instance instance = instances.materialize(h, b, now, callerUserId);
            store.save(h, instance, null);
            tasks.insert(h, new TaskStore.Task(id, projectId, Operation.CREATE, 0,
                    now + Profile.duration(p, Operation.CREATE, 0), p, null, 0, now));
            store.recordEvent(h, instance, Operation.CREATE.wire(), null, InstanceStatus.CREATING.wire(), now,
                    instances.node());
            return instance;
        }));
        engine.wake();
        return created;
    }

    /**
     * Starts deleting an instance (Deleting, Unregistering, gone). Deleting one that is being created (or doing
     * anything else) cancels that operation; deleting one already being deleted changes nothing.
     */
    public Instance delete(String projectId, String instanceId, String profile) {
        String p = profile(profile);
        Instance result = Retry.onConflict(() -> tasks.jdbi().inTransaction(h -> {
            InstanceStore.Stored s = locked(h, projectId, instanceId);
            InstanceStatus status = s.instance().status();
            if (status == InstanceStatus.DELETING || status == InstanceStatus.UNREGISTERING) {
                return s.instance();
            }
            tasks.delete(h, instanceId);
            return begin(h, s, Operation.DELETE, p, null);
        }));
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
        String p = profile(profile);
        Instance result = Retry.onConflict(() -> tasks.jdbi().inTransaction(h -> {
            InstanceStore.Stored s = locked(h, projectId, instanceId);
            Instance i = s.instance();
            switch (action) {
                case "restart" -> {
                    requireIdle(i, "restart", Set.of(CoarseStatus.RUNNING, CoarseStatus.ERROR));
                    return begin(h, s, Operation.RESTART, p, null);
                }
                case "upgrade" -> {
                    if (version == null || version.isBlank() || version.length() > 64) {
                        throw new InvalidParameterException("version", "the target instance_version is required");
                    }
                    requireStatus(i, "upgrade", InstanceStatus.RUNNING);
                    if (version.equals(i.instanceVersion())) {
                        throw new InvalidParameterException("version", "the instance already runs " + version);
                    }
                    return begin(h, s, Operation.UPGRADE, p, Json.storageString(Map.of("version", version)));
                }
                case "freeze" -> {
                    requireIdle(i, "freeze", Set.of(CoarseStatus.RUNNING, CoarseStatus.ERROR));
                    return begin(h, s, Operation.FREEZE, p, null);
                }
                case "unfreeze" -> {
                    requireStatus(i, "unfreeze", InstanceStatus.FROZEN);
                    return begin(h, s, Operation.UNFREEZE, p, null);
                }
                case "unhealthy" -> {
                    requireStatus(i, "unhealthy", InstanceStatus.RUNNING);
                    return setStatus(h, s, InstanceStatus.UNHEALTHY, "health");
                }
                case "healthy" -> {
                    requireStatus(i, "healthy", InstanceStatus.UNHEALTHY);
                    return setStatus(h, s, InstanceStatus.RUNNING, "health");
                }
                default -> throw new InvalidParameterException("action",
                        "must be restart, upgrade, freeze, unfreeze, unhealthy or healthy");
            }
        }));
        engine.wake();
        return result;
    }

    /** Forces an instance into any of the 34 statuses at once, ending any operation in progress. */
    public Instance force(String projectId, String instanceId, JsonNode body) {
        JsonFields f = JsonFields.of(body, "").only(Set.of("status", "instance_status"));
        InstanceStatus byName = f.has("status") ? InstanceStatus.fromWire(f.string("status")).orElseThrow(() ->
                new InvalidParameterException("status", "must be one of the 34 documented statuses")) : null;
        Integer number = f.integer("instance_status");
        InstanceStatus byNumber = number == null ? null : InstanceStatus.fromNumber(number).orElseThrow(() ->
                new InvalidParameterException("instance_status", "must be one of the documented numbers"));
        if (byName == null && byNumber == null) {
            throw new InvalidParameterException("status", "is required (or instance_status)");
        }
        if (byName != null && byNumber != null && byName != byNumber) {
            throw new InvalidParameterException("instance_status", "disagrees with status");
        }
        InstanceStatus target = byName != null ? byName : byNumber;
        return Retry.onConflict(() -> tasks.jdbi().inTransaction(h ->
                setStatus(h, locked(h, projectId, instanceId), target, "force")));
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
        TaskStore.StepFault fault = new TaskStore.StepFault(UUID.randomUUID().toString(), f.string("project_id"),
                f.string("instance_id"), op, step, effect, count == null ? 1 : count, f.string("error_code"),
                f.string("error_message"), System.currentTimeMillis());
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
        return tasks.jdbi().inTransaction(h -> {
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

    private Instance begin(Handle h, InstanceStore.Stored s, Operation op, String profile, String params) {
        Instance i = s.instance();
        long now = clock.now();
        Operation.Step first = op.steps().get(0);
        Instance updated = i.toBuilder().status(first.status()).updateTime(now).errorCode(null).errorMessage(null)
                .activity(new Instance.Activity(op.wire(), 0, op.steps().size(), now, null,
                        Instance.Activity.Outcome.RUNNING))
                .build();
        store.save(h, updated, s.version());
        tasks.insert(h, new TaskStore.Task(i.id(), i.projectId(), op, 0, now + Profile.duration(profile, op, 0),
                profile, params, 0, now));
        store.recordEvent(h, updated, op.wire(), i.status().wire(), first.status().wire(), now, instances.node());
        return updated;
    }

    private Instance setStatus(Handle h, InstanceStore.Stored s, InstanceStatus target, String operation) {
        Instance i = s.instance();
        long now = clock.now();
        tasks.delete(h, i.id());
        Instance.Activity a = i.busy() ? i.activity().ended(now, Instance.Activity.Outcome.FAILED) : i.activity();
        Instance updated = i.toBuilder().status(target).activity(a).updateTime(now).build();
        store.save(h, updated, s.version());
        store.recordEvent(h, updated, operation, i.status().wire(), target.wire(), now, instances.node());
        return updated;
    }

    private static void requireIdle(Instance i, String action, Set<CoarseStatus> allowed) {
        if (i.busy() || !allowed.contains(i.coarseStatus())) {
            throw conflict(i, action + " needs an idle instance that is " + allowed);
        }
    }

    private static void requireStatus(Instance i, String action, InstanceStatus needed) {
        if (i.busy() || i.status() != needed) {
            throw conflict(i, action + " needs an idle instance in status " + needed.wire());
        }
    }

    private static ApiException conflict(Instance i, String what) {
        return new ApiException(ErrorCode.INSTANCE_STATE_CONFLICT, what + "; this one is " + i.status().wire()
                + (i.busy() ? " (" + i.activity().name() + " in progress)" : ""));
    }
}
