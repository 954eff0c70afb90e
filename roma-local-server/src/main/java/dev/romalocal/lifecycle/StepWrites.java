package dev.romalocal.lifecycle;

import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.instance.StatusWriter;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of a run of lifecycle steps of one instance in one transaction (the engine's chain of steps that are
 * already due), gathered and written once when the run ends ({@link #flush}): the instance row in its last state
 * (one save over the version the transaction locked), its task row in its last state (or its removal), and one
 * history entry per step, as one batch. A step written on its own costs three writes (instance, history, task); a
 * create with the instant profile is five steps in one transaction. Nothing of a transaction is seen before it
 * commits, so the store ends as step-by-step writes would have left it, except that the instance's version moves by
 * one for the whole run.
 */
final class StepWrites {
    private final Handle handle;
    private final StatusWriter writer;
    private final TaskStore tasks;
    private final String instanceId;
    /** The row as this transaction locked it (the version the save goes over); null while nothing is pending. */
    private InstanceStore.Stored locked;
    private Instance latest;
    private final List<StatusWriter.Change> changes = new ArrayList<>(8);
    private TaskStore.Task task;
    private boolean taskChanged;

    StepWrites(Handle handle, StatusWriter writer, TaskStore tasks, String instanceId) {
        this.handle = handle;
        this.writer = writer;
        this.tasks = tasks;
        this.instanceId = instanceId;
    }

    Handle handle() {
        return handle;
    }

    /**
     * The instance moves from {@code before} to {@code after}. Returns it as the next step starts from it; its
     * version stays the locked one until {@link #flush}.
     */
    InstanceStore.Stored change(InstanceStore.Stored before, Instance after, String operation, long at) {
        if (locked == null) {
            locked = before;
        }
        changes.add(new StatusWriter.Change(operation, before.instance().status().wire(), after.status().wire(), at));
        latest = after;
        return new InstanceStore.Stored(after, locked.version());
    }

    /** The operation's task moves on to {@code next}. */
    void task(TaskStore.Task next) {
        task = next;
        taskChanged = true;
    }

    /** The operation ended: its task row goes. */
    void taskEnded() {
        task = null;
        taskChanged = true;
    }

    /** Writes what is pending. */
    void flush() {
        if (taskChanged) {
            if (task == null) {
                tasks.delete(handle, instanceId);
            } else {
                tasks.update(handle, task);
            }
        }
        if (latest != null) {
            writer.changeAll(handle, locked, latest, changes);
        }
        locked = null;
        latest = null;
        changes.clear();
        task = null;
        taskChanged = false;
    }
}
