package dev.romalocal.lifecycle;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.Action;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.json.Json;
import dev.romalocal.json.OneOf;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;
import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
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
    private final Transitions transitions;
    private final String defaultProfile;
    private final int quota;
    /** What else settles after a clock move (the live health checks' due probes), in order. */
    private final java.util.List<Runnable> afterAdvance = new java.util.concurrent.CopyOnWriteArrayList<>();

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
            long now = clock.now();
            Instance.Builder b = request.instance().build().toBuilder()
                    .id(id).projectId(projectId).status(InstanceStatus.CREATING);
            if (request.publicIp()) {
                b.eipAddress(instances.subnets().allocateEip(h, id));
            }
            Instance i = transitions.create(h, instances.defaults().materialize(h, b, now, callerUserId), p, now);
            // The insert moved the project's count and holds its row until the commit: creates in one project take
            // turns from here on, and one past the quota rolls back with everything it wrote.
            if (store.countInProject(h, projectId) > quota) {
                throw new ApiException(ErrorCode.INSTANCE_QUOTA);
            }
            return i;
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
     * The body of the control API's actions endpoint: {@code restart}, {@code upgrade} (with the target
     * {@code version}), {@code freeze}, {@code unfreeze}, and the immediate {@code unhealthy} / {@code healthy}.
     */
    @JsonClassDescription("version is required with upgrade: the target instance_version")
    public record ActionRequest(@NotEmpty @OneOf({"restart", "upgrade", "freeze", "unfreeze", "unhealthy", "healthy"})
                                String action, String version) {
        Action kind() {
            Action kind = Arrays.stream(Action.values()).filter(a -> a.wire().equals(action)).findFirst()
                    .orElseThrow();
            if (kind == Action.UPGRADE && (version == null || version.isBlank() || version.length() > 64)) {
                throw new InvalidParameterException("version", "the target instance_version is required");
            }
            return kind;
        }
    }

    /** Runs an action ({@link ActionRequest}) on an instance. */
    public Instance act(String projectId, String instanceId, ActionRequest request, String profile) {
        Action kind = request.kind();
        String version = request.version();
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

    /** The body of a forced status: {@code status} (wire spelling) or {@code instance_status}, or both. */
    @JsonClassDescription("status (wire spelling, e.g. Running) or instance_status (number), or both if they agree")
    public record StatusRequest(String status, Integer instanceStatus) {
        InstanceStatus target() {
            InstanceStatus target = InstanceStatus.parse(status, instanceStatus);
            if (target == null) {
                throw new InvalidParameterException("status", "is required (or instance_status)");
            }
            return target;
        }
    }

    /** Forces an instance into any of the 34 statuses at once, ending any operation in progress. */
    public Instance force(String projectId, String instanceId, StatusRequest request) {
        InstanceStatus target = request.target();
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

    /**
     * Moves the clock forward and runs every step that became due before answering, then whatever was registered
     * with {@link #afterAdvance} (this node's due health probes and the status changes they lead to).
     */
    public SimClock.State advance(Duration by) {
        SimClock.State s = clock.advance(by.toMillis());
        engine.wake();
        engine.settle(SETTLE_TIMEOUT);
        afterAdvance.forEach(Runnable::run);
        return s;
    }

    /** Something else a clock move settles before {@link #advance} answers (it must finish in bounded time). */
    public void afterAdvance(Runnable settle) {
        afterAdvance.add(settle);
    }

    /** Sets the clock ({@link SimClock#set}): pause or resume, and/or an offset from wall time. */
    public SimClock.State setClock(Boolean paused, Long offsetMillis) {
        SimClock.State s = clock.set(paused, offsetMillis);
        engine.wake();
        return s;
    }

    /** The clock back at wall time, running. */
    public SimClock.State clockToWallTime() {
        SimClock.State s = clock.toWallTime();
        engine.wake();
        return s;
    }

    /** The clock as this node last saw it (memory only: no store read). */
    public SimClock.State clockSeen() {
        return clock.state();
    }

    /** Virtual now minus wall now, in milliseconds. */
    public long clockOffsetNow() {
        return clock.offsetNow();
    }

    public SimClock.State pause(boolean paused) {
        SimClock.State s = clock.setPaused(paused);
        engine.wake();
        return s;
    }

    // --- step faults -----------------------------------------------------------------------------------------

    /**
     * The body of a step fault: the next {@code count} operations matching it fail (or time out) at {@code step}
     * (or their first step that can fail). The string fields are bounded by their columns (V2__lifecycle.sql).
     */
    @JsonClassDescription("operation: an operation that has a step that can fail; step: one of those steps, by its "
            + "status (wire spelling); effect: fail or timeout, in any case")
    public record FaultRequest(@NotEmpty String operation, String step,
                               @NotEmpty @OneOf({"fail", "timeout"}) String effect,
                               @Range(min = 1, max = 100_000) Integer count,
                               @Size(min = 1, max = 128) String projectId, @Size(min = 1, max = 64) String instanceId,
                               @Size(min = 1, max = 64) String errorCode,
                               @Size(min = 1, max = 512) String errorMessage) {
        public FaultRequest {
            effect = effect == null ? null : effect.toLowerCase(Locale.ROOT);
        }

        Operation op() {
            Operation op = Operation.fromWire(operation).orElseThrow(() ->
                    new InvalidParameterException("operation", "must be one of " + Arrays.stream(Operation.values())
                            .filter(o -> o.steps().stream().anyMatch(Operation.Step::canFail))
                            .map(Operation::wire).toList()));
            if (step != null && op.step(step).filter(Operation.Step::canFail).isEmpty()) {
                throw new InvalidParameterException("step", "must be a step of " + op.wire() + " that can fail: "
                        + op.steps().stream().filter(Operation.Step::canFail).map(s -> s.status().wire()).toList());
            }
            if (op.steps().stream().noneMatch(Operation.Step::canFail)) {
                throw new InvalidParameterException("operation", op.wire() + " has no documented failure status");
            }
            return op;
        }
    }

    public TaskStore.StepFault addFault(FaultRequest f) {
        TaskStore.StepFault fault = new TaskStore.StepFault(UUID.randomUUID().toString(), f.projectId(),
                f.instanceId(), f.op(), f.step(), f.effect(), f.count() == null ? 1 : f.count(), f.errorCode(),
                f.errorMessage(), System.currentTimeMillis());
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
            return instances.removeAll(h);
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
}
