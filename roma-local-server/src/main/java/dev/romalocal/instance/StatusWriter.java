package dev.romalocal.instance;

import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * The one place an instance row and its history are written. Every status change (a lifecycle step, an action, a
 * forced status, an upsert, a removal) goes through {@link #change}, {@link #created}, {@link #replaced} or
 * {@link #removed}: the row is saved with its version (optimistic: a concurrent writer fails the transaction) and
 * the history entry is written in the same transaction. What the new instance looks like (status, activity, error
 * fields) and what happens to its operation's task row is decided by the lifecycle's {@code Transitions}; this class
 * only writes it. The instance package cannot depend on the lifecycle, so the parts an upsert or a removal need
 * (cancelling the task row, releasing addresses) live here.
 */
public final class StatusWriter {
    private final InstanceStore store;
    private final AddressAllocator allocator;
    private final String node;

    StatusWriter(InstanceStore store, AddressAllocator allocator, String node) {
        this.store = store;
        this.allocator = allocator;
        this.node = node;
    }

    public String node() {
        return node;
    }

    /** A new instance: inserted, with a history entry from nothing to its status. */
    public Instance created(Handle h, Instance instance, String operation, long at) {
        store.save(h, instance, null);
        store.recordEvent(h, instance, operation, null, instance.status().wire(), at, node);
        return instance;
    }

    /** An instance moved from {@code before} to {@code after}: saved over that version, with its history entry. */
    public Instance change(Handle h, InstanceStore.Stored before, Instance after, String operation, long at) {
        return change(h, before, after, operation, null, at);
    }

    /** As {@link #change(Handle, InstanceStore.Stored, Instance, String, long)}, the history entry saying why. */
    public Instance change(Handle h, InstanceStore.Stored before, Instance after, String operation, String detail,
                           long at) {
        store.save(h, after, before.version());
        store.recordEvent(h, after, operation, before.instance().status().wire(), after.status().wire(), at, node,
                detail);
        return after;
    }

    /** One status change of a run written together ({@link #changeAll}). */
    public record Change(String operation, String from, String to, long at) {
    }

    /**
     * An instance went through several status changes in one transaction ({@code changes}, in order) and ends as
     * {@code after}: saved once over {@code before}'s version (so its version moves by one for the whole run), with
     * one history entry per change, written as one batch. Nothing of a transaction is seen before it commits, so
     * this leaves what a {@link #change} per status would have left.
     */
    public void changeAll(Handle h, InstanceStore.Stored before, Instance after, List<Change> changes) {
        store.save(h, after, before.version());
        if (!changes.isEmpty()) {
            store.recordEvents(h, after, changes, node);
        }
    }

    /** A field edit that keeps the status (no history entry). */
    public Instance edited(Handle h, InstanceStore.Stored before, Instance after) {
        if (after.status() != before.instance().status()) {
            throw new IllegalArgumentException("an edit keeps the status; use change()");
        }
        store.save(h, after, before.version());
        return after;
    }

    /**
     * An upsert's replace: whatever the old instance was doing ends (its task row goes) and its addresses are given
     * back, before the caller allocates the new ones.
     */
    public void superseded(Handle h, InstanceStore.Stored existing) {
        store.cancelOperation(h, existing.instance().id());
        allocator.release(h, existing.instance().id());
    }

    /** An upsert writes its (materialized) instance over {@code existing} (null: a new one). */
    public Instance replaced(Handle h, InstanceStore.Stored existing, Instance instance, String operation) {
        return existing == null ? created(h, instance, operation, instance.updateTime())
                : change(h, existing, instance, operation, instance.updateTime());
    }

    /** The instance goes: its task row, its addresses, its row; the history records that it went away. */
    public void removed(Handle h, Instance instance, String operation, long at) {
        store.cancelOperation(h, instance.id());
        allocator.release(h, instance.id());
        store.delete(h, instance);
        store.recordEvent(h, instance, operation, instance.status().wire(), null, at, node);
    }
}
