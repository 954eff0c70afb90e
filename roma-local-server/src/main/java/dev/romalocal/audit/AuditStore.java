package dev.romalocal.audit;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;

/** The SQL of the audit trail. */
public final class AuditStore {
    private final Jdbi jdbi;

    public AuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(AuditEvent.class));
    }

    public void insert(List<AuditEvent> events) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO audit_events (at, request_id, domain_id, principal, "
                    + "source, action, resource, result, status, error_code, reason) VALUES (:at, :requestId, "
                    + ":domainId, :principal, :source, :action, :resource, :result, :status, :errorCode, :reason)");
            for (AuditEvent e : events) {
                batch.bindMethods(e).add();
            }
            batch.execute();
        });
    }

    /**
     * Newest first: events with an id below {@code before} (all when 0), of one account (all when {@code domainId}
     * is null), with one result (any when null), at most {@code limit}.
     */
    public List<AuditEvent> list(String domainId, long before, String result, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_events WHERE 1 = 1"
                        + (domainId == null ? "" : " AND domain_id = :d")
                        + (before > 0 ? " AND id < :before" : "")
                        + (result == null ? "" : " AND result = :result")
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("d", domainId).bind("before", before).bind("result", result).bind("limit", limit)
                .mapTo(AuditEvent.class).list());
    }

    /** Deletes the events older than {@code at}; returns how many. */
    public int deleteBefore(long at) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM audit_events WHERE at < :at").bind("at", at)
                .execute());
    }
}
