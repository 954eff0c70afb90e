package dev.romalocal.instance;

import dev.romalocal.store.Retry;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The SQL of subnets (their CIDRs and free-address hints) and of the addresses handed out in them. */
public final class SubnetStore {
    private final Jdbi jdbi;

    public SubnetStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs {@code work} in one transaction, again from the start on a conflict ({@link Retry}). */
    <T> T transaction(HandleCallback<T, RuntimeException> work) {
        return Retry.onConflict(() -> jdbi.inTransaction(work));
    }

    /** A known subnet: its CIDR and a lower bound of its lowest free address (as a number). */
    public record SubnetRow(String cidr, long freeHint) {
    }

    public Optional<SubnetRow> subnet(Handle h, String subnetId, boolean forUpdate) {
        return h.createQuery("SELECT cidr, free_hint FROM subnets WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("id", subnetId)
                .map((rs, ctx) -> new SubnetRow(rs.getString(1), rs.getLong(2))).findOne();
    }

    public void insertSubnet(Handle h, String subnetId, String cidr, long freeHint) {
        h.createUpdate("INSERT INTO subnets (id, cidr, free_hint) VALUES (:id, :cidr, :hint)").bind("id", subnetId)
                .bind("cidr", cidr).bind("hint", freeHint).execute();
    }

    public void updateSubnet(Handle h, String subnetId, String cidr, long freeHint) {
        h.createUpdate("UPDATE subnets SET cidr = :cidr, free_hint = :hint WHERE id = :id").bind("id", subnetId)
                .bind("cidr", cidr).bind("hint", freeHint).execute();
    }

    public void setFreeHint(Handle h, String subnetId, long freeHint) {
        h.createUpdate("UPDATE subnets SET free_hint = :hint WHERE id = :id").bind("id", subnetId)
                .bind("hint", freeHint).execute();
    }

    public Map<String, String> subnets() {
        Map<String, String> out = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, cidr FROM subnets").map((rs, ctx) -> {
            out.put(rs.getString(1), rs.getString(2));
            return null;
        }).list());
        return out;
    }

    /** Allocated addresses of a subnet from {@code from} up, in order, at most {@code limit}. */
    public List<Long> allocatedFrom(Handle h, String subnetId, long from, int limit) {
        return h.createQuery("SELECT num FROM ip_allocations WHERE subnet_id = :s AND num >= :from ORDER BY num "
                        + "LIMIT :limit")
                .bind("s", subnetId).bind("from", from).bind("limit", limit).mapTo(Long.class).list();
    }

    public boolean hasAllocations(Handle h, String subnetId) {
        return h.createQuery("SELECT COUNT(*) FROM ip_allocations WHERE subnet_id = :s").bind("s", subnetId)
                .mapTo(Integer.class).one() > 0;
    }

    public boolean isAllocated(Handle h, String subnetId, long num) {
        return h.createQuery("SELECT COUNT(*) FROM ip_allocations WHERE subnet_id = :s AND num = :n")
                .bind("s", subnetId).bind("n", num).mapTo(Integer.class).one() > 0;
    }

    public void allocate(Handle h, String subnetId, String address, long num, String instanceId) {
        h.createUpdate("INSERT INTO ip_allocations (subnet_id, address, num, instance_id) VALUES (:s, :a, :n, :i)")
                .bind("s", subnetId).bind("a", address).bind("n", num).bind("i", instanceId).execute();
    }

    /** Several addresses of one subnet for one instance, in one batch. */
    public void allocateAll(Handle h, String subnetId, List<Long> nums, String instanceId) {
        var batch = h.prepareBatch("INSERT INTO ip_allocations (subnet_id, address, num, instance_id) "
                + "VALUES (:s, :a, :n, :i)");
        for (long n : nums) {
            batch.bind("s", subnetId).bind("a", AddressAllocator.Cidr.format(n)).bind("n", n).bind("i", instanceId)
                    .add();
        }
        batch.execute();
    }

    /** Frees an instance's addresses; each subnet's free hint moves down to the lowest one freed. */
    public void release(Handle h, String instanceId) {
        List<Map.Entry<String, Long>> lowest = h.createQuery("SELECT subnet_id, MIN(num) FROM ip_allocations "
                        + "WHERE instance_id = :i GROUP BY subnet_id").bind("i", instanceId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list();
        if (lowest.isEmpty()) {
            return;
        }
        h.createUpdate("DELETE FROM ip_allocations WHERE instance_id = :i").bind("i", instanceId).execute();
        for (Map.Entry<String, Long> e : lowest) {
            h.createUpdate("UPDATE subnets SET free_hint = LEAST(free_hint, :n) WHERE id = :s")
                    .bind("s", e.getKey()).bind("n", e.getValue()).execute();
        }
    }

    /** Frees every address; every subnet's free hint goes back to its first address. */
    public void releaseAll(Handle h) {
        h.createUpdate("DELETE FROM ip_allocations").execute();
        h.createUpdate("UPDATE subnets SET free_hint = 0").execute();
    }
}
