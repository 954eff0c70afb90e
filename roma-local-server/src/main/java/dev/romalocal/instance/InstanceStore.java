package dev.romalocal.instance;

import dev.romalocal.json.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The SQL of instances, subnets and address allocations. */
public final class InstanceStore {
    /** A stored instance with its row version (incremented on every write). */
    public record Stored(Instance instance, long version) {
    }

    /** One page of a list and the number of all matches. */
    public record Page(int total, List<Instance> items) {
    }

    private final Jdbi jdbi;

    public InstanceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Optional<Stored> find(String id) {
        return jdbi.withHandle(h -> find(h, id, false));
    }

    public Optional<Stored> find(Handle h, String id, boolean forUpdate) {
        return h.createQuery("SELECT doc, version FROM instances WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("id", id)
                .map((rs, ctx) -> new Stored(Json.fromStorage(rs.getString("doc"), Instance.class),
                        rs.getLong("version")))
                .findOne();
    }

    /** Inserts or overwrites; returns the new version. */
    public long save(Handle h, Instance instance, Long previousVersion) {
        String doc = Json.storageString(instance);
        if (previousVersion == null) {
            h.createUpdate("INSERT INTO instances (id, project_id, coarse_status, create_time, version, doc) "
                            + "VALUES (:id, :project, :coarse, :created, 1, :doc)")
                    .bind("id", instance.id()).bind("project", instance.projectId())
                    .bind("coarse", instance.coarseStatus().name()).bind("created", instance.createTime())
                    .bind("doc", doc).execute();
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

    public boolean delete(Handle h, String id) {
        return h.createUpdate("DELETE FROM instances WHERE id = :id").bind("id", id).execute() > 0;
    }

    public Page list(String projectId, Collection<CoarseStatus> statuses, String id, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE project_id = :project");
        if (statuses != null) {
            where.append(" AND coarse_status IN (<statuses>)");
        }
        if (id != null) {
            where.append(" AND id = :id");
        }
        return jdbi.inTransaction(h -> {
            var count = h.createQuery("SELECT COUNT(*) FROM instances" + where).bind("project", projectId)
                    .bind("id", id);
            var page = h.createQuery("SELECT doc FROM instances" + where
                            + " ORDER BY create_time DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("project", projectId).bind("id", id).bind("limit", limit).bind("offset", offset);
            if (statuses != null) {
                List<String> names = statuses.stream().map(Enum::name).toList();
                count.bindList("statuses", names);
                page.bindList("statuses", names);
            }
            int total = count.mapTo(Integer.class).one();
            List<Instance> items = total <= offset ? List.of()
                    : page.map((rs, ctx) -> Json.fromStorage(rs.getString("doc"), Instance.class)).list();
            return new Page(total, items);
        });
    }

    public int deleteAll(Handle h) {
        h.createUpdate("DELETE FROM ip_allocations").execute();
        return h.createUpdate("DELETE FROM instances").execute();
    }

    // --- subnets and addresses -------------------------------------------------------------------------------

    public Optional<String> subnetCidr(Handle h, String subnetId) {
        return h.createQuery("SELECT cidr FROM subnets WHERE id = :id").bind("id", subnetId).mapTo(String.class)
                .findOne();
    }

    public void insertSubnet(Handle h, String subnetId, String cidr) {
        h.createUpdate("INSERT INTO subnets (id, cidr) VALUES (:id, :cidr)").bind("id", subnetId)
                .bind("cidr", cidr).execute();
    }

    public Set<String> allocated(Handle h, String subnetId) {
        return new HashSet<>(h.createQuery("SELECT address FROM ip_allocations WHERE subnet_id = :s")
                .bind("s", subnetId).mapTo(String.class).list());
    }

    public Optional<String> holder(Handle h, String subnetId, String address) {
        return h.createQuery("SELECT instance_id FROM ip_allocations WHERE subnet_id = :s AND address = :a")
                .bind("s", subnetId).bind("a", address).mapTo(String.class).findOne();
    }

    public void allocate(Handle h, String subnetId, String address, String instanceId) {
        h.createUpdate("INSERT INTO ip_allocations (subnet_id, address, instance_id) VALUES (:s, :a, :i)")
                .bind("s", subnetId).bind("a", address).bind("i", instanceId).execute();
    }

    public int release(Handle h, String instanceId) {
        return h.createUpdate("DELETE FROM ip_allocations WHERE instance_id = :i").bind("i", instanceId).execute();
    }
}
