package dev.romalocal.instance;

import org.jdbi.v3.core.HandleCallback;
import dev.romalocal.store.Retry;
import dev.romalocal.json.Json;
import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The SQL of instances, their history and their operations' removal. Subnets and addresses: {@link SubnetStore}. */
public final class InstanceStore {
    /** A stored instance with its row version (incremented on every write). */
    public record Stored(Instance instance, long version) {
    }

    /**
     * One status change of an instance (to_status null: the instance went away); {@code detail}, when the operation
     * alone does not say what happened (a health check: which listener and backends), else null.
     */
    public record Event(long id, String instanceId, String projectId, long at, String operation, String fromStatus,
                        String toStatus, String node, String detail) {
    }

    /** The longest {@code detail} a history entry keeps (its column). */
    public static final int DETAIL_MAX = 512;

    private final Jdbi jdbi;
    private final ChangeFeed feed;
    /** Count changes held back until the end of a {@link #countingOnce} block, by the transaction's handle. */
    private final Map<Handle, Map<String, Integer>> deferred = new ConcurrentHashMap<>();

    public InstanceStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
    }

    public ChangeFeed feed() {
        return feed;
    }

    /**
     * Runs {@code work} in one transaction, again from the start when the database reports a conflict (a unique
     * violation, a serialization failure or a deadlock: see {@link Retry}). The only way services reach the store's
     * transactions: they never hold the database handle outside one.
     */
    public <T> T transaction(HandleCallback<T, RuntimeException> work) {
        return Retry.onConflict(() -> jdbi.inTransaction(work));
    }

    public Optional<Stored> find(String id) {
        return jdbi.withHandle(h -> find(h, id, false));
    }

    public Optional<Stored> find(Handle h, String id, boolean forUpdate) {
        return find(h, id, forUpdate ? " FOR UPDATE" : "");
    }

    /** Locks the row unless another transaction holds it (then: empty, as when there is no such row). */
    public Optional<Stored> claim(Handle h, String id) {
        return find(h, id, " FOR UPDATE SKIP LOCKED");
    }

    private Optional<Stored> find(Handle h, String id, String lock) {
        return h.createQuery("SELECT doc, version FROM instances WHERE id = :id" + lock)
                .bind("id", id)
                .map((rs, ctx) -> new Stored(Json.fromStorage(rs.getString("doc"), Instance.class),
                        rs.getLong("version")))
                .findOne();
    }

    public boolean exists(Handle h, String id) {
        return h.createQuery("SELECT COUNT(*) FROM instances WHERE id = :id").bind("id", id).mapTo(Integer.class)
                .one() > 0;
    }

    /**
     * How many instances the project holds, this transaction's own inserts and deletes included. After an insert or
     * delete in the project the transaction holds the count's row lock, so the figure is exact until it commits.
     */
    public int countInProject(Handle h, String projectId) {
        return h.createQuery("SELECT instances FROM instance_counts WHERE project_id = :p").bind("p", projectId)
                .mapTo(Integer.class).findOne().orElse(0);
    }

    /**
     * Moves the project's count (table {@code instance_counts}) by {@code delta}, after the instances table changed.
     * The update locks the count's row: writers that add to or remove from one project take turns on it, on any
     * node. A project without a row gets one counted from the instances table (two first inserts at once: the second
     * one's unique violation has the transaction run again, see {@link #transaction}).
     */
    private void moveCount(Handle h, String projectId, int delta) {
        Map<String, Integer> later = deferred.get(h);
        if (later != null) {
            later.merge(projectId, delta, Integer::sum);
            return;
        }
        writeCount(h, projectId, delta);
    }

    private static void writeCount(Handle h, String projectId, int delta) {
        if (h.createUpdate("UPDATE instance_counts SET instances = instances + :d WHERE project_id = :p")
                .bind("d", delta).bind("p", projectId).execute() == 0) {
            h.createUpdate("INSERT INTO instance_counts (project_id, instances) "
                    + "SELECT :p, COUNT(*) FROM instances WHERE project_id = :p").bind("p", projectId).execute();
        }
    }

    /**
     * Runs {@code work} (many inserts or deletes in this transaction: a seed) with the projects' counts moved once at
     * its end, by the sum of its changes. On PostgreSQL every update of a row is a new row version that the open
     * transaction cannot prune, and each later update walks them all: a count moved once per instance of a
     * 100,000-document seed would make the seed quadratic.
     */
    public <T> T countingOnce(Handle h, Supplier<T> work) {
        Map<String, Integer> later = new HashMap<>();
        if (deferred.putIfAbsent(h, later) != null) {
            return work.get();
        }
        try {
            T result = work.get();
            later.forEach((project, delta) -> {
                if (delta != 0) {
                    writeCount(h, project, delta);
                }
            });
            return result;
        } finally {
            deferred.remove(h);
        }
    }

    /** Counts every project's instances again (after rows were written into the instances table directly). */
    public static void recount(Handle h) {
        h.createUpdate("DELETE FROM instance_counts").execute();
        h.createUpdate("INSERT INTO instance_counts (project_id, instances) "
                + "SELECT project_id, COUNT(*) FROM instances GROUP BY project_id").execute();
    }

    /** Ends the instance's operation in progress, if any (a replace or a removal supersedes it). */
    public void cancelOperation(Handle h, String instanceId) {
        h.createUpdate("DELETE FROM tasks WHERE instance_id = :i").bind("i", instanceId).execute();
    }

    public void recordEvent(Handle h, Instance instance, String operation, String from, String to, long at,
                            String node) {
        recordEvent(h, instance, operation, from, to, at, node, null);
    }

    /** A history entry with a detail (cut to {@link #DETAIL_MAX} characters). */
    public void recordEvent(Handle h, Instance instance, String operation, String from, String to, long at,
                            String node, String detail) {
        String d = detail == null || detail.length() <= DETAIL_MAX ? detail
                : detail.substring(0, DETAIL_MAX - 1) + "\u2026";
        h.createUpdate("INSERT INTO instance_events (instance_id, project_id, at, operation, from_status, to_status, "
                        + "node, detail) VALUES (:i, :p, :at, :op, :from, :to, :node, :detail)")
                .bind("i", instance.id()).bind("p", instance.projectId()).bind("at", at).bind("op", operation)
                .bind("from", from).bind("to", to).bind("node", node).bind("detail", d).execute();
    }

    /**
     * One history entry per status change, in order, as one batch: a run of lifecycle steps in one transaction
     * ({@link StatusWriter#changeAll}).
     */
    public void recordEvents(Handle h, Instance instance, List<StatusWriter.Change> changes, String node) {
        var batch = h.prepareBatch("INSERT INTO instance_events (instance_id, project_id, at, operation, from_status, "
                + "to_status, node, detail) VALUES (:i, :p, :at, :op, :from, :to, :node, NULL)");
        for (StatusWriter.Change c : changes) {
            batch.bind("i", instance.id()).bind("p", instance.projectId()).bind("at", c.at()).bind("op", c.operation())
                    .bind("from", c.from()).bind("to", c.to()).bind("node", node).add();
        }
        batch.execute();
    }

    public List<Event> events(String instanceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, instance_id, project_id, at, operation, from_status, "
                        + "to_status, node, detail FROM instance_events WHERE instance_id = :i ORDER BY id")
                .bind("i", instanceId)
                .map((rs, ctx) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)))
                .list());
    }

    /** Inserts or overwrites; returns the new version. Caches hear of it after the commit. */
    public long save(Handle h, Instance instance, Long previousVersion) {
        feed.changed(h, ChangeFeed.Kind.INSTANCE, instance.id());
        feed.changed(h, ChangeFeed.Kind.PROJECT_INSTANCES, instance.projectId());
        String doc = Json.storageString(instance);
        if (previousVersion == null) {
            h.createUpdate("INSERT INTO instances (id, project_id, coarse_status, create_time, version, doc) "
                            + "VALUES (:id, :project, :coarse, :created, 1, :doc)")
                    .bind("id", instance.id()).bind("project", instance.projectId())
                    .bind("coarse", instance.coarseStatus().name()).bind("created", instance.createTime())
                    .bind("doc", doc).execute();
            moveCount(h, instance.projectId(), 1);
            return 1;
        }
        int n = h.createUpdate("UPDATE instances SET project_id = :project, coarse_status = :coarse, "
                        + "create_time = :created, version = :next, doc = :doc WHERE id = :id AND version = :version")
                .bind("id", instance.id()).bind("project", instance.projectId())
                .bind("coarse", instance.coarseStatus().name()).bind("created", instance.createTime())
                .bind("doc", doc).bind("version", previousVersion).bind("next", previousVersion + 1).execute();
        if (n != 1) {
            throw new IllegalStateException("instance " + instance.id() + " changed concurrently");
        }
        return previousVersion + 1;
    }

    public boolean delete(Handle h, Instance instance) {
        feed.changed(h, ChangeFeed.Kind.INSTANCE, instance.id());
        feed.changed(h, ChangeFeed.Kind.PROJECT_INSTANCES, instance.projectId());
        if (h.createUpdate("DELETE FROM instances WHERE id = :id").bind("id", instance.id()).execute() == 0) {
            return false;
        }
        moveCount(h, instance.projectId(), -1);
        return true;
    }

    /** One entry of a list page: which instance, at which version. */
    public record IdVersion(String id, long version) {
    }

    public int count(String projectId, Collection<CoarseStatus> statuses, String id) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT COUNT(*) FROM instances" + where(statuses, id))
                    .bind("project", projectId).bind("id", id);
            if (statuses != null) {
                q.bindList("statuses", statuses.stream().map(Enum::name).toList());
            }
            return q.mapTo(Integer.class).one();
        });
    }

    /** A page of a project's instances, newest first (create_time, then id, descending). */
    public List<IdVersion> page(String projectId, Collection<CoarseStatus> statuses, String id, int offset,
                                int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT id, version FROM instances" + where(statuses, id)
                            + " ORDER BY create_time DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("project", projectId).bind("id", id).bind("limit", limit).bind("offset", offset);
            if (statuses != null) {
                q.bindList("statuses", statuses.stream().map(Enum::name).toList());
            }
            return q.map((rs, ctx) -> new IdVersion(rs.getString(1), rs.getLong(2))).list();
        });
    }

    /** Several instances by id, in one query. */
    public List<Stored> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT doc, version FROM instances WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> new Stored(Json.fromStorage(rs.getString("doc"), Instance.class),
                        rs.getLong("version")))
                .list());
    }

    private static String where(Collection<CoarseStatus> statuses, String id) {
        StringBuilder where = new StringBuilder(" WHERE project_id = :project");
        if (statuses != null) {
            where.append(" AND coarse_status IN (<statuses>)");
        }
        if (id != null) {
            where.append(" AND id = :id");
        }
        return where.toString();
    }

    /** Every instance, its operation and history (addresses: {@link SubnetStore#releaseAll}). */
    public int deleteAll(Handle h) {
        feed.changed(h, ChangeFeed.Kind.ALL_INSTANCES, "*");
        h.createUpdate("DELETE FROM tasks").execute();
        h.createUpdate("DELETE FROM instance_events").execute();
        h.createUpdate("DELETE FROM instance_counts").execute();
        return h.createUpdate("DELETE FROM instances").execute();
    }
}
