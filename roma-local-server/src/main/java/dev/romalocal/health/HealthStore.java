package dev.romalocal.health;

import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.json.Json;
import org.jdbi.v3.core.Jdbi;

import java.util.Collection;
import java.util.List;

/**
 * The SQL of the live health checks: reading the instances that may need probes (never per probe: at start, after
 * a reset, and for the instances the change feed says changed) and the table of probing nodes.
 */
final class HealthStore {
    /** How a stored document with a health check reads (the storage mapper writes compact snake_case JSON). */
    private static final String HAS_CHECK = "%\"health_check\":{%";
    private static final String OPTED_IN = "%\"live_health_checks\":true%";

    private final Jdbi jdbi;

    HealthStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Every instance that has a listener with a health check (and, when {@code optedInOnly}, that turns the checks on
     * itself): the text match only narrows the scan; the caller decides on the parsed documents.
     */
    List<InstanceStore.Stored> candidates(boolean optedInOnly) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc, version FROM instances WHERE doc LIKE :check"
                        + (optedInOnly ? " AND doc LIKE :opted" : ""))
                .bind("check", HAS_CHECK).bind("opted", OPTED_IN)
                .map((rs, ctx) -> new InstanceStore.Stored(Json.fromStorage(rs.getString(1), Instance.class),
                        rs.getLong(2)))
                .list());
    }

    /** The same, among these instances only (those missing are gone or have nothing to probe). */
    List<InstanceStore.Stored> candidates(Collection<String> ids, boolean optedInOnly) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT doc, version FROM instances WHERE id IN (<ids>) "
                        + "AND doc LIKE :check" + (optedInOnly ? " AND doc LIKE :opted" : ""))
                .bindList("ids", List.copyOf(ids)).bind("check", HAS_CHECK).bind("opted", OPTED_IN)
                .map((rs, ctx) -> new InstanceStore.Stored(Json.fromStorage(rs.getString(1), Instance.class),
                        rs.getLong(2)))
                .list());
    }

    /** This node is alive at {@code now} (wall-clock ms): its row is refreshed, or made. */
    void beat(String node, long now) {
        jdbi.useHandle(h -> {
            int n = h.createUpdate("UPDATE health_nodes SET seen_at = :t WHERE node = :n")
                    .bind("t", now).bind("n", node).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO health_nodes (node, seen_at) VALUES (:n, :t)")
                        .bind("t", now).bind("n", node).execute();
            }
        });
    }

    /** The nodes seen at or after {@code since}, sorted; rows older than {@code forgetBefore} are removed. */
    List<String> liveNodes(long since, long forgetBefore) {
        return jdbi.withHandle(h -> {
            h.createUpdate("DELETE FROM health_nodes WHERE seen_at < :old").bind("old", forgetBefore).execute();
            return h.createQuery("SELECT node FROM health_nodes WHERE seen_at >= :since ORDER BY node")
                    .bind("since", since).mapTo(String.class).list();
        });
    }

    /** This node takes no share any more. */
    void leave(String node) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM health_nodes WHERE node = :n").bind("n", node).execute());
    }
}
