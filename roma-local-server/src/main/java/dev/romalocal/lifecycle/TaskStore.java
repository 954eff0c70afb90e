package dev.romalocal.lifecycle;

import org.jdbi.v3.core.HandleCallback;
import dev.romalocal.store.Retry;
import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** The SQL of operations in progress (tasks) and of step faults. */
public final class TaskStore {
    /**
     * An operation in progress: at {@code step} of {@code operation} (-1: the dwell before a rollback), which
     * completes at {@code dueAt} (lifecycle clock); {@code profile} gives the durations of the steps to come.
     */
    public record Task(String instanceId, String projectId, Operation operation, int step, long dueAt,
                       String profile, String params, int attempts, long startedAt) {
        Task next(Operation op, int nextStep, long nextDue) {
            return new Task(instanceId, projectId, op, nextStep, nextDue, profile, params, 0, startedAt);
        }
    }

    /** "Make the next {@code remaining} matching steps fail (or time out)". Null filters match anything. */
    public record StepFault(String id, String projectId, String instanceId, Operation operation, String step,
                            String effect, int remaining, String errorCode, String errorMessage, long createdAt) {
    }

    private final Jdbi jdbi;
    private final ChangeFeed feed;

    public TaskStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
    }

    /**
     * Runs {@code work} in one transaction, again from the start when the database reports a conflict (a unique
     * violation, a serialization failure or a deadlock: see {@link Retry}). The only way services reach the store's
     * transactions: they never hold the database handle outside one.
     */
    public <T> T transaction(HandleCallback<T, RuntimeException> work) {
        return Retry.onConflict(() -> jdbi.inTransaction(work));
    }

    /** A new operation: every node's workers hear of it at commit (no need to wait for their next poll). */
    public void insert(Handle h, Task t) {
        feed.changed(h, ChangeFeed.Kind.TASKS, "*");
        h.createUpdate("INSERT INTO tasks (instance_id, project_id, operation, step, due_at, profile, params, "
                        + "attempts, started_at) VALUES (:instanceId, :projectId, :operation, :step, :dueAt, :profile, "
                        + ":params, :attempts, :startedAt)")
                .bind("instanceId", t.instanceId()).bind("projectId", t.projectId())
                .bind("operation", t.operation().name()).bind("step", t.step()).bind("dueAt", t.dueAt())
                .bind("profile", t.profile()).bind("params", t.params()).bind("attempts", t.attempts())
                .bind("startedAt", t.startedAt()).execute();
    }

    public void update(Handle h, Task t) {
        h.createUpdate("UPDATE tasks SET operation = :operation, step = :step, due_at = :dueAt, attempts = :attempts "
                        + "WHERE instance_id = :instanceId")
                .bind("operation", t.operation().name()).bind("step", t.step()).bind("dueAt", t.dueAt())
                .bind("attempts", t.attempts()).bind("instanceId", t.instanceId()).execute();
    }

    /**
     * A task row, read by column: the lifecycle reads one or two per step, and JDBI's reflective constructor mapper
     * (matching columns to parameters again for every result set) and method binding were ~10% of a worker's time
     * under 1,000 instant creates.
     */
    private static final RowMapper<Task> TASK = (rs, ctx) -> new Task(rs.getString("instance_id"),
            rs.getString("project_id"), Operation.valueOf(rs.getString("operation")), rs.getInt("step"),
            rs.getLong("due_at"), rs.getString("profile"), rs.getString("params"), rs.getInt("attempts"),
            rs.getLong("started_at"));
    /** A step fault, read by column (the lifecycle looks for one at every step that can fail). */
    private static final RowMapper<StepFault> FAULT = (rs, ctx) -> new StepFault(rs.getString("id"),
            rs.getString("project_id"), rs.getString("instance_id"), Operation.valueOf(rs.getString("operation")),
            rs.getString("step"), rs.getString("effect"), rs.getInt("remaining"), rs.getString("error_code"),
            rs.getString("error_message"), rs.getLong("created_at"));

    public void delete(Handle h, String instanceId) {
        h.createUpdate("DELETE FROM tasks WHERE instance_id = :i").bind("i", instanceId).execute();
    }

    public Optional<Task> find(Handle h, String instanceId) {
        return h.createQuery("SELECT * FROM tasks WHERE instance_id = :i").bind("i", instanceId)
                .map(TASK).findOne();
    }

    /** Ids of instances whose current step is due, most overdue first. */
    public List<String> due(long now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT instance_id FROM tasks WHERE due_at <= :now "
                        + "ORDER BY due_at, instance_id LIMIT :limit")
                .bind("now", now).bind("limit", limit).mapTo(String.class).list());
    }

    /** Operations in progress (one task each), due or not. */
    public int countAll() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks").mapTo(Integer.class).one());
    }

    public int countDue(long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE due_at <= :now")
                .bind("now", now).mapTo(Integer.class).one());
    }

    /** The earliest due time of any task, if there is one. */
    public Optional<Long> nextDue() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MIN(due_at) FROM tasks").mapTo(Long.class).findOne());
    }

    /**
     * The store refused {@code task}'s step: count the attempt and move the step's due time to {@code retryAt}.
     * Nothing changes when the task has moved on meanwhile (another worker completed or replaced it).
     */
    public void recordFailedAttempt(Task task, long retryAt) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE tasks SET attempts = attempts + 1, due_at = :retry "
                        + "WHERE instance_id = :i AND operation = :op AND step = :step AND due_at = :due "
                        + "AND attempts = :attempts")
                .bind("i", task.instanceId()).bind("op", task.operation().name()).bind("step", task.step())
                .bind("due", task.dueAt()).bind("attempts", task.attempts()).bind("retry", retryAt).execute());
    }

    // --- step faults -----------------------------------------------------------------------------------------

    /**
     * Takes one use of the oldest fault matching this step, in the caller's transaction (so a fault is spent
     * exactly when the step it breaks commits).
     */
    public Optional<StepFault> takeFault(Handle h, String projectId, String instanceId, Operation op, String step) {
        // A conditional decrement instead of a row lock: two steps that race for the last use of a fault cannot
        // both spend it, and the loser looks again (a fault armed meanwhile, or another match, is not missed).
        for (int round = 0; round < 16; round++) {
            Optional<StepFault> fault = h.createQuery("SELECT * FROM step_faults WHERE remaining > 0 "
                            + "AND operation = :op AND (step IS NULL OR step = :step) "
                            + "AND (project_id IS NULL OR project_id = :p) "
                            + "AND (instance_id IS NULL OR instance_id = :i) ORDER BY created_at, id LIMIT 1")
                    .bind("op", op.name()).bind("step", step).bind("p", projectId).bind("i", instanceId)
                    .map(FAULT).findOne();
            if (fault.isEmpty()) {
                return fault;
            }
            String id = fault.get().id();
            if (h.createUpdate("UPDATE step_faults SET remaining = remaining - 1 WHERE id = :id AND remaining > 0")
                    .bind("id", id).execute() == 1) {
                h.createUpdate("DELETE FROM step_faults WHERE id = :id AND remaining <= 0").bind("id", id).execute();
                return fault;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether any armed fault could match a step of this instance (of any operation and step). A chain of steps asks
     * once, in its transaction, and looks for the matching fault ({@link #takeFault}) only when this says yes.
     */
    public boolean anyFault(Handle h, String projectId, String instanceId) {
        return h.createQuery("SELECT 1 FROM step_faults WHERE remaining > 0 "
                        + "AND (project_id IS NULL OR project_id = :p) AND (instance_id IS NULL OR instance_id = :i) "
                        + "LIMIT 1")
                .bind("p", projectId).bind("i", instanceId).mapTo(Integer.class).findOne().isPresent();
    }

    public void insertFault(StepFault f) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO step_faults (id, project_id, instance_id, operation, step, "
                + "effect, remaining, error_code, error_message, created_at) VALUES (:id, :projectId, :instanceId, "
                + ":operation, :step, :effect, :remaining, :errorCode, :errorMessage, :createdAt)")
                .bindMethods(f).execute());
    }

    public List<StepFault> faults() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM step_faults WHERE remaining > 0 ORDER BY created_at, id")
                .map(FAULT).list());
    }

    public boolean deleteFault(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM step_faults WHERE id = :id").bind("id", id)
                .execute()) > 0;
    }

    public int deleteAllFaults(Handle h) {
        return h.createUpdate("DELETE FROM step_faults").execute();
    }
}
