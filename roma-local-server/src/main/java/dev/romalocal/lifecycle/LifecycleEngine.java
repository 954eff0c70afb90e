package dev.romalocal.lifecycle;

import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    static final long FIRST_BACKOFF_MILLIS = 500;
    static final long MAX_BACKOFF_MILLIS = 8_000;

    private final InstanceService instances;
    private final InstanceStore store;
    private final TaskStore tasks;
    private final Transitions transitions;
    private final SimClock clock;
    private final int workerCount;
    private final long pollMillis;
    private final Object signal = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private long generation;
    /** Batches of steps this node runs now, until they are in the file (a settle waits for them, caches too). */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** Instances a thread of this node is advancing (other nodes' workers are kept apart by the row locks alone). */
    private final Set<String> advancing = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    /**
     * {@code roma_local_lifecycle_steps_total{operation,outcome}}, resolved once: [operation][outcome]. Counted after
     * the step's transaction committed. Null until {@link #instrument}.
     */
    private volatile io.micrometer.core.instrument.Counter[][] steps;

    /** What a completed step led to (the {@code outcome} label of the step counter). */
    enum Outcome {
        /** The operation moved to its next step. */
        STEP,
        /** The dwell before a rollback ended: the rollback started. */
        ROLLBACK,
        /** The operation ended in its failed status (a fault). */
        FAILED,
        /** The operation ended in its timed-out status (a fault). */
        TIMED_OUT,
        /** The operation finished. */
        FINISHED,
        /** The store refused the step too often: the operation landed in its failed status. */
        GAVE_UP,
        /** The store refused the step (a database error): it is tried again later. */
        REFUSED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public LifecycleEngine(InstanceService instances, TaskStore tasks, SimClock clock, int workerCount,
                           long pollMillis) {
        this.instances = instances;
        this.store = instances.store();
        this.tasks = tasks;
        this.transitions = new Transitions(instances, tasks);
        this.clock = clock;
        this.workerCount = workerCount;
        this.pollMillis = pollMillis;
    }

    /** Counts the steps this node runs in {@code meters} (call before {@link #start}). */
    public void instrument(io.micrometer.core.instrument.MeterRegistry meters) {
        Operation[] ops = Operation.values();
        Outcome[] outcomes = Outcome.values();
        io.micrometer.core.instrument.Counter[][] c = new io.micrometer.core.instrument.Counter[ops.length][];
        for (Operation op : ops) {
            c[op.ordinal()] = new io.micrometer.core.instrument.Counter[outcomes.length];
            for (Outcome o : outcomes) {
                c[op.ordinal()][o.ordinal()] = io.micrometer.core.instrument.Counter
                        .builder("roma.local.lifecycle.steps").description("lifecycle steps run by this node")
                        .tags("operation", op.wire(), "outcome", o.label()).register(meters);
            }
        }
        steps = c;
    }

    private void count(Operation op, Outcome outcome) {
        io.micrometer.core.instrument.Counter[][] c = steps;
        if (c != null && op != null) {
            c[op.ordinal()][outcome.ordinal()].increment();
        }
    }

    public void start() {
        running = true;
        // New operations and clock moves on any node wake the workers here; polling is only a safety net.
        instances.store().feed().onChange(ChangeFeed.Kind.TASKS, k -> wake());
        instances.store().feed().onChange(ChangeFeed.Kind.CLOCK, k -> wake());
        for (int i = 0; i < workerCount; i++) {
            int index = i;
            Thread t = new Thread(() -> work(index), "lifecycle-worker-" + i);
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
     *
     * <p>It returns only when no task is due at this node's time (which never goes back: {@link SimClock} is
     * monotonic), counting the tasks other workers and nodes hold (their uncommitted steps still show the old due
     * time), and when no worker of this node is between its commit and the cache invalidation that follows it.
     */
    public int settle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int total = 0;
        while (true) {
            clock.refresh();
            long now = clock.now();
            int n = runDue(-1);
            total += n;
            if (n == 0) {
                if (tasks.countDue(now) == 0 && inFlight.get() == 0) {
                    return total;
                }
                sleep(2);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("operations still due after " + timeout);
            }
        }
    }

    private void work(int worker) {
        while (running) {
            long seen;
            synchronized (signal) {
                seen = generation;
            }
            long waitMillis = pollMillis;
            try {
                clock.refreshUnlessLive();
                if (runDue(worker) > 0) {
                    continue;
                }
                if (!clock.state().paused()) {
                    Optional<Long> next = tasks.nextDue();
                    if (next.isPresent()) {
                        waitMillis = Math.max(1, Math.min(pollMillis, next.get() - clock.now()));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("lifecycle worker: {}{}", e.getClass().getSimpleName(), sqlState(e));
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

    /**
     * Runs the due steps of one batch. The due instances are shared out among this node's workers (by the hash of
     * the id): a worker first takes its own share, and helps with all of them only when its share is empty. Workers
     * that all went down the same list would mostly find the row held by another (a row lock skipped costs a
     * transaction and a look-up); other nodes' workers are kept apart by the row locks alone. {@code worker} -1
     * (a settle): every due instance.
     */
    private int runDue(int worker) {
        List<String> due = tasks.due(clock.now(), BATCH);
        List<String> mine = due;
        if (worker >= 0 && workerCount > 1) {
            mine = new ArrayList<>(due.size() / workerCount + 1);
            for (String id : due) {
                if (Math.floorMod(id.hashCode(), workerCount) == worker) {
                    mine.add(id);
                }
            }
            if (mine.isEmpty()) {
                mine = due;
            }
        }
        List<String> todo = mine;
        // The batch's steps reach the store's file together (on the embedded store; each step is its own
        // transaction still): a crash before that leaves them to be done again, as a crash before a commit does.
        // Counted in flight until then, so that a settle returns only once they are in the file.
        inFlight.incrementAndGet();
        try {
            return Database.durableTogether(() -> {
                int done = 0;
                for (String id : todo) {
                    if (advance(id)) {
                        done++;
                    }
                }
                return done;
            }, worker < 0 ? Duration.ZERO : Database.BACKGROUND_PATIENCE);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Completes the due step of one instance's operation; false when it is not due, another worker has it, or the
     * store refused it. A refused step (a database error, not a fault) is tried again later: its task's due time
     * moves {@link #backoff} ahead; after {@value #MAX_ATTEMPTS} refusals the operation lands in its failed status
     * ({@link Transitions#giveUp}), and when even that is refused it is tried again the same way (never dropped).
     */
    private boolean advance(String instanceId) {
        // A worker of this node has it already (its step still shows as due until that commits): its row lock would
        // turn this one away after a transaction, a lock attempt and an existence check.
        if (!advancing.add(instanceId)) {
            return false;
        }
        try {
            return advanceOnce(instanceId);
        } finally {
            advancing.remove(instanceId);
        }
    }

    private boolean advanceOnce(String instanceId) {
        TaskStore.Task[] attempted = new TaskStore.Task[1];
        List<Operation> ops = new ArrayList<>(2);
        List<Outcome> outcomes = new ArrayList<>(2);
        try {
            boolean done = tasks.transaction(h -> {
                attempted[0] = null;
                ops.clear();
                outcomes.clear();
                return advanceIn(h, instanceId, attempted, ops, outcomes);
            });
            for (int i = 0; i < ops.size(); i++) {
                count(ops.get(i), outcomes.get(i));
            }
            return done;
        } catch (RuntimeException e) {
            TaskStore.Task task = attempted[0];
            count(task == null ? null : task.operation(), Outcome.REFUSED);
            // One line, without the database's message (it may contain bound values).
            LOG.warn("lifecycle step of instance {} refused by the store ({}{}); attempt {}, retrying later",
                    instanceId, e.getClass().getSimpleName(), sqlState(e), task == null ? "?" : task.attempts() + 1);
            if (task != null) {
                try {
                    tasks.recordFailedAttempt(task, clock.now() + backoff(task.attempts()));
                } catch (RuntimeException again) {
                    LOG.warn("could not record the failed attempt of instance {} ({}{})", instanceId,
                            again.getClass().getSimpleName(), sqlState(again));
                }
            }
            return false;
        }
    }

    private boolean advanceIn(Handle h, String instanceId, TaskStore.Task[] attempted, List<Operation> ops,
                              List<Outcome> outcomes) {
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
        attempted[0] = task;
        InstanceStore.Stored stored = claimed.get();
        StepWrites writes = new StepWrites(h, instances.writer(), tasks, instanceId);
        if (task.attempts() >= MAX_ATTEMPTS) {
            LOG.error("{} of instance {} refused {} times: it lands in its failed status", task.operation().wire(),
                    instanceId, task.attempts());
            transitions.giveUp(writes, stored, task, task.dueAt());
            writes.flush();
            ops.add(task.operation());
            outcomes.add(Outcome.GAVE_UP);
            return true;
        }
        // Whether a fault could break a step of this instance: asked once per transaction, at its first step that
        // can fail (a fault armed while the transaction runs applies from the next one).
        Faults faults = new Faults(h, stored.instance());
        Transitions.After after = complete(writes, stored, task, faults, ops, outcomes);
        if (task.attempts() > 0) {
            // A step the store refused before runs alone, so that the steps before a refused one commit.
            writes.flush();
            return true;
        }
        // Steps already due follow in the same transaction (instant steps, or a clock jump): each is still
        // its own transition with its own history entry, and they commit together. The row is locked by this
        // transaction, so the instance and task each step left are the ones the next step starts from.
        for (int chained = 0; chained < MAX_CHAIN && after.task() != null && after.task().dueAt() <= clock.now();
             chained++) {
            after = complete(writes, after.stored(), after.task(), faults, ops, outcomes);
        }
        writes.flush();
        return true;
    }

    /** How far a refused step's next attempt moves (lifecycle time): 0.5 s, 1 s, 2 s, ... at most 8 s. */
    static long backoff(int attemptsBefore) {
        return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attemptsBefore, 16));
    }

    private static String sqlState(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return ", SQLState " + sql.getSQLState();
            }
        }
        return "";
    }

    /** Whether an armed fault could match a step of one instance: asked of the store at most once. */
    private final class Faults {
        private final Handle h;
        private final Instance instance;
        private Boolean any;

        Faults(Handle h, Instance instance) {
            this.h = h;
            this.instance = instance;
        }

        Optional<TaskStore.StepFault> take(Operation op, Operation.Step step) {
            if (any == null) {
                any = tasks.anyFault(h, instance.projectId(), instance.id());
            }
            return any ? tasks.takeFault(h, instance.projectId(), instance.id(), op, step.status().wire())
                    : Optional.empty();
        }
    }

    /**
     * Completes the task's current step; counts it (in {@code ops} and {@code outcomes}) and returns where it left
     * the instance and its task (the task null when the operation ended; both null when the instance went away).
     */
    private Transitions.After complete(StepWrites writes, InstanceStore.Stored stored, TaskStore.Task task,
                                       Faults faults, List<Operation> ops, List<Outcome> outcomes) {
        Operation op = task.operation();
        long at = task.dueAt();
        int step = task.step();
        Operation.Step current = step < 0 ? null : op.steps().get(step);
        Optional<TaskStore.StepFault> fault = current != null && current.canFail()
                ? faults.take(op, current) : Optional.empty();
        ops.add(op);
        switch (Transitions.after(op, step, fault.isPresent())) {
            case STEP -> {
                outcomes.add(Outcome.STEP);
                return transitions.step(writes, stored, task, op, step + 1, at);
            }
            case START_ROLLBACK -> {
                outcomes.add(Outcome.ROLLBACK);
                return transitions.step(writes, stored, task, op, step + 1, at);
            }
            case FAIL -> {
                TaskStore.StepFault f = fault.get();
                boolean timedOut = "timeout".equals(f.effect());
                String message = f.errorMessage() != null ? f.errorMessage()
                        : op.wire() + " " + (timedOut ? "timed out" : "failed") + " at step " + current.status().wire()
                          + " (fault injected by ROMA Local)";
                outcomes.add(timedOut ? Outcome.TIMED_OUT : Outcome.FAILED);
                return transitions.fail(writes, stored, task, timedOut ? current.timedOut() : current.failed(),
                        f.errorCode(), message, at);
            }
            case FINISH -> {
                outcomes.add(Outcome.FINISHED);
                return transitions.finish(writes, stored, task, at);
            }
            default -> throw new IllegalStateException("unknown next step");
        }
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
