package dev.romalocal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.json.Json;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Retry;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Advances operations step by step. Each node runs a few worker threads; a worker claims an instance whose step is
 * due by locking its row ({@code FOR UPDATE SKIP LOCKED}: a row another worker, on any node, holds is skipped) and
 * applies the step's whole visible effect (status, task, spent fault, history entry) in one transaction. A crash
 * before the commit leaves the step to be done again after restart; a crash after it leaves nothing to repeat.
 *
 * <p>Workers sleep until the next step is due, at most the poll interval; a new operation or a clock move on any
 * node wakes them at once (through the change feed), so the poll is only a safety net.
 *
 * <p>Time is the {@link SimClock}'s. A step completes at its due time: the next one is due that time plus its
 * duration, so a jump of the clock completes every step that fits, each stamped with the time it completed.
 */
public final class LifecycleEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEngine.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final int BATCH = 200;
    private static final int MAX_CHAIN = 32;

    private final InstanceService instances;
    private final InstanceStore store;
    private final TaskStore tasks;
    private final SimClock clock;
    private final int workerCount;
    private final long pollMillis;
    private final Object signal = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private long generation;
    private volatile boolean running;

    public LifecycleEngine(InstanceService instances, TaskStore tasks, SimClock clock, int workerCount,
                           long pollMillis) {
        this.instances = instances;
        this.store = instances.store();
        this.tasks = tasks;
        this.clock = clock;
        this.workerCount = workerCount;
        this.pollMillis = pollMillis;
    }

    public void start() {
        running = true;
        // New operations and clock moves on any node wake the workers here; polling is only a safety net.
        instances.store().feed().onChange(ChangeFeed.Kind.TASKS, k -> wake());
        instances.store().feed().onChange(ChangeFeed.Kind.CLOCK, k -> wake());
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "lifecycle-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Tells the workers that a task was created or the clock moved. */
    public void wake() {
        synchronized (signal) {
            generation++;
            signal.notifyAll();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs every due step (on this node, with help from the others) until none is due; returns how many steps
     * this node completed. Used after the clock moves, so that a caller sees the state the new time implies.
     */
    public int settle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int total = 0;
        while (true) {
            clock.refresh();
            int n = runDue();
            total += n;
            if (n == 0) {
                if (tasks.countDue(clock.now()) == 0) {
                    return total;
                }
                sleep(5);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("operations still due after " + timeout);
            }
        }
    }

    private void work() {
        while (running) {
            long seen;
            synchronized (signal) {
                seen = generation;
            }
            long waitMillis = pollMillis;
            try {
                clock.refresh();
                if (runDue() > 0) {
                    continue;
                }
                if (!clock.state().paused()) {
                    Optional<Long> next = tasks.nextDue();
                    if (next.isPresent()) {
                        waitMillis = Math.max(1, Math.min(pollMillis, next.get() - clock.now()));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("lifecycle worker: {}", e.toString());
            }
            synchronized (signal) {
                if (generation == seen && running) {
                    try {
                        signal.wait(waitMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private int runDue() {
        int done = 0;
        for (String id : tasks.due(clock.now(), BATCH)) {
            try {
                if (advance(id)) {
                    done++;
                }
            } catch (RuntimeException e) {
                LOG.error("lifecycle step of instance {} failed", id, e);
                tasks.recordFailedAttempt(id);
            }
        }
        return done;
    }

    /** Completes the due step of one instance's operation; false when it is not due or another worker has it. */
    boolean advance(String instanceId) {
        return Retry.onConflict(() -> tasks.jdbi().inTransaction(h -> {
            Optional<InstanceStore.Stored> claimed = store.claim(h, instanceId);
            if (claimed.isEmpty()) {
                if (!store.exists(h, instanceId)) {
                    tasks.delete(h, instanceId);
                }
                return false;
            }
            TaskStore.Task task = tasks.find(h, instanceId).orElse(null);
            if (task == null || task.dueAt() > clock.now()) {
                return false;
            }
            if (task.attempts() >= MAX_ATTEMPTS) {
                LOG.error("abandoning {} of instance {} after {} failed attempts", task.operation().wire(),
                        instanceId, task.attempts());
                tasks.delete(h, instanceId);
                return false;
            }
            complete(h, claimed.get(), task);
            // Steps already due follow in the same transaction (instant steps, or a clock jump): each is still
            // its own transition with its own history entry, and they commit together.
            for (int chained = 0; chained < MAX_CHAIN; chained++) {
                TaskStore.Task next = tasks.find(h, instanceId).orElse(null);
                if (next == null || next.dueAt() > clock.now()) {
                    break;
                }
                InstanceStore.Stored current = store.find(h, instanceId, false).orElse(null);
                if (current == null) {
                    break;
                }
                complete(h, current, next);
            }
            return true;
        }));
    }

    private void complete(Handle h, InstanceStore.Stored stored, TaskStore.Task task) {
        Instance inst = stored.instance();
        Operation op = task.operation();
        long at = task.dueAt();
        int step = task.step();
        if (step < 0) {
            // The dwell in UpdateFailed/UpdateTimeout is over: the rollback starts.
            moveTo(h, stored, task, op, 0, at);
            return;
        }
        Operation.Step current = op.steps().get(step);
        Optional<TaskStore.StepFault> fault = current.canFail()
                ? tasks.takeFault(h, inst.projectId(), inst.id(), op, current.status().wire()) : Optional.empty();
        if (fault.isPresent()) {
            fail(h, stored, task, current, fault.get(), at);
        } else if (step + 1 < op.steps().size()) {
            moveTo(h, stored, task, op, step + 1, at);
        } else {
            finish(h, stored, task, at);
        }
    }

    private void moveTo(Handle h, InstanceStore.Stored stored, TaskStore.Task task, Operation op, int step, long at) {
        Instance inst = stored.instance();
        InstanceStatus next = op.steps().get(step).status();
        Instance updated = inst.toBuilder().status(next).updateTime(at)
                .activity(inst.activity() == null ? null : inst.activity().at(activityStep(op, step))).build();
        tasks.update(h, task.next(op, step, at + Profile.duration(task.profile(), op, step)));
        store.save(h, updated, stored.version());
        store.recordEvent(h, updated, op.wire(), inst.status().wire(), next.wire(), at, instances.node());
    }

    private void fail(Handle h, InstanceStore.Stored stored, TaskStore.Task task, Operation.Step step,
                      TaskStore.StepFault fault, long at) {
        Instance inst = stored.instance();
        Operation op = task.operation();
        boolean timedOut = "timeout".equals(fault.effect());
        InstanceStatus landed = timedOut ? step.timedOut() : step.failed();
        String code = fault.errorCode() != null ? fault.errorCode()
                : op == Operation.CREATE ? "APIC.9206" : "ROMALOCAL.5001";
        String message = fault.errorMessage() != null ? fault.errorMessage()
                : op.wire() + " " + (timedOut ? "timed out" : "failed") + " at step " + step.status().wire()
                  + " (fault injected by ROMA Local)";
        Instance.Builder b = inst.toBuilder().status(landed).updateTime(at).errorCode(code).errorMessage(message);
        if (op == Operation.UPGRADE) {
            // A failed upgrade rolls back: dwell in the failed status, then Rollbacking, RollbackSuccess, Running.
            b.activity(new Instance.Activity(Operation.ROLLBACK.wire(), 0, Operation.ROLLBACK.steps().size() + 1,
                    at, null, Instance.Activity.Outcome.RUNNING));
            tasks.update(h, task.next(Operation.ROLLBACK, -1,
                    at + Profile.duration(task.profile(), Operation.ROLLBACK, -1)));
        } else {
            b.activity(inst.activity() == null ? null : inst.activity().ended(at, Instance.Activity.Outcome.FAILED));
            tasks.delete(h, inst.id());
        }
        Instance updated = b.build();
        store.save(h, updated, stored.version());
        store.recordEvent(h, updated, op.wire(), inst.status().wire(), landed.wire(), at, instances.node());
    }

    private void finish(Handle h, InstanceStore.Stored stored, TaskStore.Task task, long at) {
        Instance inst = stored.instance();
        Operation op = task.operation();
        if (op == Operation.DELETE) {
            instances.purge(h, inst, op.wire(), at);
            return;
        }
        Instance.Builder b = inst.toBuilder().status(op.finalStatus()).updateTime(at)
                .activity(inst.activity() == null ? null : inst.activity().ended(at, Instance.Activity.Outcome.SUCCEEDED));
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
        tasks.delete(h, inst.id());
        Instance updated = b.build();
        store.save(h, updated, stored.version());
        store.recordEvent(h, updated, op.wire(), inst.status().wire(), op.finalStatus().wire(), at, instances.node());
    }

    private static int activityStep(Operation op, int step) {
        return op == Operation.ROLLBACK ? step + 1 : step;
    }

    private static String param(TaskStore.Task task, String name) {
        if (task.params() == null) {
            return null;
        }
        JsonNode node = Json.fromStorage(task.params(), JsonNode.class);
        return node.path(name).isTextual() ? node.get(name).textValue() : null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
