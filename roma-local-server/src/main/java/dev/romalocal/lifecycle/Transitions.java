package dev.romalocal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.instance.StatusWriter;
import dev.romalocal.json.Json;
import org.jdbi.v3.core.Handle;

/**
 * Every lifecycle status change, in one place: a create, the start of an operation, a completed step, a failure
 * (injected or because the store kept refusing the step), the end of an operation, a forced or immediate status,
 * a removal. Each method takes the locked instance and writes, in the caller's transaction, the instance's status,
 * activity and error fields (saved over its version through {@link StatusWriter}, which also writes the history
 * entry) and the operation's task row (inserted, moved to its next step, or removed). Callers say what happened;
 * what that means for the row, the task and the history is decided here.
 */
public final class Transitions {
    /** What completing a step leads to (see {@link #after}). */
    enum Next { STEP, FAIL, FINISH, START_ROLLBACK }

    /**
     * Where a step left its instance: as now stored, and its operation's task (null when the operation ended). The
     * lifecycle chains steps that are already due from here without reading either back in the same transaction.
     */
    record After(InstanceStore.Stored stored, TaskStore.Task task) {
    }

    private final InstanceService instances;
    private final StatusWriter writer;
    private final TaskStore tasks;

    public Transitions(InstanceService instances, TaskStore tasks) {
        this.instances = instances;
        this.writer = instances.writer();
        this.tasks = tasks;
    }

    /**
     * What completing {@code step} of {@code op} leads to: the rollback's dwell (step -1) starts the rollback; a
     * fault fails the step; else the next step, or the end of the operation.
     */
    static Next after(Operation op, int step, boolean faulted) {
        if (step < 0) {
            return Next.START_ROLLBACK;
        }
        if (faulted && op.steps().get(step).canFail()) {
            return Next.FAIL;
        }
        return step + 1 < op.steps().size() ? Next.STEP : Next.FINISH;
    }

    /**
     * The error code of an instance the live health checks made Unhealthy ({@link #healthFailed}); only such an
     * instance is brought back by them ({@link #healthRestored}): one made Unhealthy by hand stays so.
     */
    public static final String HEALTH_CHECK_ERROR = "ROMALOCAL.5003";
    /** The operation the history names for a change the live health checks made. */
    public static final String HEALTH_CHECK_OPERATION = "health-check";

    /** The error code a failed operation reports (unless its fault gives one). */
    static String defaultErrorCode(Operation op) {
        return op == Operation.CREATE ? "APIC.9206" : "ROMALOCAL.5001";
    }

    /** A new instance, in the first step of its create operation. */
    public Instance create(Handle h, Instance instance, String profile, long at) {
        Operation op = Operation.CREATE;
        Instance created = writer.created(h, instance.toBuilder().status(op.steps().get(0).status())
                .activity(running(op, at)).build(), op.wire(), at);
        tasks.insert(h, new TaskStore.Task(instance.id(), instance.projectId(), op, 0,
                at + Profile.duration(profile, op, 0), profile, null, 0, at));
        return created;
    }

    /** Starts {@code op} on the instance (any operation in progress is superseded). */
    public Instance begin(Handle h, InstanceStore.Stored s, Operation op, String profile, String params, long at) {
        Instance i = s.instance();
        tasks.delete(h, i.id());
        Instance updated = i.toBuilder().status(op.steps().get(0).status()).updateTime(at).errorCode(null)
                .errorMessage(null).activity(running(op, at)).build();
        tasks.insert(h, new TaskStore.Task(i.id(), i.projectId(), op, 0, at + Profile.duration(profile, op, 0),
                profile, params, 0, at));
        return writer.change(h, s, updated, op.wire(), at);
    }

    /**
     * The task's operation moves on to {@code step}, completing the current one at {@code at}. The lifecycle's steps
     * ({@code step}, {@link #fail}, {@link #giveUp}, {@link #finish}) write through the transaction's
     * {@link StepWrites}, which the engine flushes before it commits.
     */
    After step(StepWrites w, InstanceStore.Stored s, TaskStore.Task task, Operation op, int step, long at) {
        Instance inst = s.instance();
        Instance updated = inst.toBuilder().status(op.steps().get(step).status()).updateTime(at)
                .activity(inst.activity() == null ? null
                        : inst.activity().at(op == Operation.ROLLBACK ? step + 1 : step))
                .build();
        TaskStore.Task next = task.next(op, step, at + Profile.duration(task.profile(), op, step));
        w.task(next);
        return new After(w.change(s, updated, op.wire(), at), next);
    }

    /**
     * The task's current step failed (or timed out) and lands in {@code landed}; a failed upgrade dwells there, then
     * rolls back; any other operation ends.
     */
    After fail(StepWrites w, InstanceStore.Stored s, TaskStore.Task task, InstanceStatus landed, String code,
               String message, long at) {
        Instance inst = s.instance();
        Operation op = task.operation();
        Instance.Builder b = inst.toBuilder().status(landed).updateTime(at)
                .errorCode(code != null ? code : defaultErrorCode(op)).errorMessage(message);
        TaskStore.Task next = null;
        if (op == Operation.UPGRADE) {
            b.activity(new Instance.Activity(Operation.ROLLBACK.wire(), 0, Operation.ROLLBACK.steps().size() + 1,
                    at, null, Instance.Activity.Outcome.RUNNING));
            next = task.next(Operation.ROLLBACK, -1, at + Profile.duration(task.profile(), Operation.ROLLBACK, -1));
            w.task(next);
        } else {
            b.activity(inst.activity() == null ? null : inst.activity().ended(at, Instance.Activity.Outcome.FAILED));
            w.taskEnded();
        }
        return new After(w.change(s, b.build(), op.wire(), at), next);
    }

    /**
     * The store refused the task's current step {@code attempts} times: the operation lands where that step fails
     * ({@link Operation#broken}), as an injected failure would, so it never stays in a transitional status.
     */
    After giveUp(StepWrites w, InstanceStore.Stored s, TaskStore.Task task, long at) {
        Operation op = task.operation();
        int step = task.step();
        String stepName = step < 0 ? s.instance().status().wire() : op.steps().get(step).status().wire();
        return fail(w, s, task, op.broken(step), null, op.wire() + " failed at step " + stepName
                + ": ROMA Local could not write the step after " + task.attempts() + " attempts", at);
    }

    /** The task's operation completed its last step at {@code at} (no task is left; a deleted instance is gone). */
    After finish(StepWrites w, InstanceStore.Stored s, TaskStore.Task task, long at) {
        Instance inst = s.instance();
        Operation op = task.operation();
        if (op == Operation.DELETE) {
            w.flush();   // the steps before, in order, then the removal and its history entry
            remove(w.handle(), inst, op.wire(), at);
            return new After(null, null);
        }
        Instance.Builder b = inst.toBuilder().status(op.finalStatus()).updateTime(at)
                .activity(inst.activity() == null ? null
                        : inst.activity().ended(at, Instance.Activity.Outcome.SUCCEEDED));
        if (op == Operation.CREATE) {
            b.createFinishedAt(at);
        }
        if (op == Operation.UPGRADE) {
            b.instanceVersion(param(task, "version"));
        }
        if (op != Operation.ROLLBACK) {
            // A rollback keeps the error that caused it; any other success clears the last error.
            b.errorCode(null).errorMessage(null);
        }
        w.taskEnded();
        return new After(w.change(s, b.build(), op.wire(), at), null);
    }

    /**
     * An immediate status (a health action, a forced status): any operation in progress ends, marked failed. It
     * replaces a status the live health checks set, and their error with it (so they no longer own the status).
     */
    public Instance force(Handle h, InstanceStore.Stored s, InstanceStatus target, String operation, long at) {
        Instance i = s.instance();
        tasks.delete(h, i.id());
        Instance.Activity a = i.busy() ? i.activity().ended(at, Instance.Activity.Outcome.FAILED) : i.activity();
        Instance.Builder b = i.toBuilder().status(target).activity(a).updateTime(at);
        if (HEALTH_CHECK_ERROR.equals(i.errorCode())) {
            b.errorCode(null).errorMessage(null);
        }
        return writer.change(h, s, b.build(), operation, at);
    }

    /**
     * Live health checks: every backend of a listener failed ({@code message} says which; the history entry's
     * {@code detail} too). The idle instance becomes Unhealthy (coarse ERROR) with {@link #HEALTH_CHECK_ERROR} and
     * the message as its error. The caller checked that {@code Action.UNHEALTHY} allows it.
     */
    public Instance healthFailed(Handle h, InstanceStore.Stored s, String message, String detail, long at) {
        Instance updated = s.instance().toBuilder().status(InstanceStatus.UNHEALTHY).updateTime(at)
                .errorCode(HEALTH_CHECK_ERROR).errorMessage(message).build();
        return writer.change(h, s, updated, HEALTH_CHECK_OPERATION, detail, at);
    }

    /**
     * Live health checks pass again on an instance they made Unhealthy ({@link #isHealthCheckFailure}): it is
     * Running again and its error is cleared. The caller checked that {@code Action.HEALTHY} allows it.
     */
    public Instance healthRestored(Handle h, InstanceStore.Stored s, String detail, long at) {
        Instance updated = s.instance().toBuilder().status(InstanceStatus.RUNNING).updateTime(at)
                .errorCode(null).errorMessage(null).build();
        return writer.change(h, s, updated, HEALTH_CHECK_OPERATION, detail, at);
    }

    /** Whether the instance is Unhealthy because of the live health checks (not by hand or by an operation). */
    public static boolean isHealthCheckFailure(Instance i) {
        return i.status() == InstanceStatus.UNHEALTHY && HEALTH_CHECK_ERROR.equals(i.errorCode());
    }

    /** The instance goes away (its task, addresses and row), recorded in its history. */
    public void remove(Handle h, Instance instance, String operation, long at) {
        instances.purge(h, instance, operation, at);
    }

    private static Instance.Activity running(Operation op, long at) {
        return new Instance.Activity(op.wire(), 0, op.steps().size(), at, null, Instance.Activity.Outcome.RUNNING);
    }

    private static String param(TaskStore.Task task, String name) {
        if (task.params() == null) {
            return null;
        }
        JsonNode node = Json.fromStorage(task.params(), JsonNode.class);
        return node.path(name).isTextual() ? node.get(name).textValue() : null;
    }
}
