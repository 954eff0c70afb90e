package dev.romalocal.iam;

import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Retry;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.List;
import java.util.Optional;

/**
 * The SQL of policies ("roles" on IAM's wire) and their grants to groups. Every write that can change what a user
 * may do publishes {@link ChangeFeed.Kind#IDENTITY} with the account's id: it clears the permission cache on every
 * node once committed.
 */
public final class PolicyStore {
    /** A policy: system (domainId null) or an account's custom one; {@code policy} is the document's JSON text. */
    public record RoleRow(String id, String domainId, String name, String displayName, String type, String catalog,
                          String description, String policy, long createdAt) {
        public boolean system() {
            return domainId == null;
        }
    }

    /** A group, as grants need it. */
    public record GroupRow(String id, String domainId, String name) {
    }

    /** A project, as grants need it. */
    public record ProjectRef(String id, String domainId) {
    }

    private static final String ROLE_COLUMNS = "id, domain_id, name, display_name, type, catalog, description, "
            + "policy, created_at";

    private final Jdbi jdbi;
    private final ChangeFeed feed;

    public PolicyStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
        for (Class<?> row : List.of(RoleRow.class, GroupRow.class, ProjectRef.class)) {
            jdbi.registerRowMapper(ConstructorMapper.factory(row));
        }
    }

    /** Runs {@code work} in a transaction, again when it lost a race (see {@link Retry}). */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return Retry.onConflict(() -> jdbi.inTransaction(work));
    }

    /** The system policies (domainId null), or an account's custom ones, by creation. */
    public List<RoleRow> roles(Handle h, String domainId) {
        return h.createQuery("SELECT " + ROLE_COLUMNS + " FROM roles WHERE "
                        + (domainId == null ? "domain_id IS NULL" : "domain_id = :d") + " ORDER BY created_at, id")
                .bind("d", domainId).mapTo(RoleRow.class).list();
    }

    public Optional<RoleRow> role(Handle h, String id) {
        return h.createQuery("SELECT " + ROLE_COLUMNS + " FROM roles WHERE id = :id").bind("id", id)
                .mapTo(RoleRow.class).findOne();
    }

    /** Locks the account's row: custom policies of one account are created and renamed one at a time. */
    public void lockDomain(Handle h, String domainId) {
        h.createQuery("SELECT id FROM domains WHERE id = :d FOR UPDATE").bind("d", domainId).mapTo(String.class)
                .findOne();
    }

    public void insertRole(Handle h, RoleRow r) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, r.domainId());
        h.createUpdate("INSERT INTO roles (" + ROLE_COLUMNS + ") VALUES (:id, :domainId, :name, :displayName, :type, "
                + ":catalog, :description, :policy, :createdAt)").bindMethods(r).execute();
    }

    public void updateRole(Handle h, RoleRow r) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, r.domainId());
        h.createUpdate("UPDATE roles SET display_name = :displayName, type = :type, description = :description, "
                + "policy = :policy WHERE id = :id AND domain_id = :domainId").bindMethods(r).execute();
    }

    public void deleteRole(Handle h, RoleRow r) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, r.domainId());
        h.createUpdate("DELETE FROM roles WHERE id = :id AND domain_id = :d").bind("id", r.id())
                .bind("d", r.domainId()).execute();
    }

    /** How many grants (to any group, anywhere) the policy has. */
    public int grantCount(Handle h, String roleId) {
        return h.createQuery("SELECT COUNT(*) FROM role_grants WHERE role_id = :r").bind("r", roleId)
                .mapTo(Integer.class).one();
    }

    /** How many distinct groups the policy is granted to. */
    public int grantedGroups(Handle h, String roleId) {
        return h.createQuery("SELECT COUNT(DISTINCT group_id) FROM role_grants WHERE role_id = :r").bind("r", roleId)
                .mapTo(Integer.class).one();
    }

    public Optional<GroupRow> group(Handle h, String id) {
        return h.createQuery("SELECT id, domain_id, name FROM user_groups WHERE id = :id").bind("id", id)
                .mapTo(GroupRow.class).findOne();
    }

    public Optional<ProjectRef> project(Handle h, String id) {
        return h.createQuery("SELECT id, domain_id FROM projects WHERE id = :id").bind("id", id)
                .mapTo(ProjectRef.class).findOne();
    }

    public boolean hasGrant(Handle h, String groupId, String roleId, String scopeId, boolean domainScope) {
        return h.createQuery("SELECT COUNT(*) FROM role_grants WHERE group_id = :g AND role_id = :r "
                        + "AND scope_id = :s AND domain_scope = :ds").bind("g", groupId).bind("r", roleId)
                .bind("s", scopeId).bind("ds", domainScope).mapTo(Integer.class).one() > 0;
    }

    /** Grants a policy to a group on a scope; false when it was granted already (nothing changes then). */
    public boolean grant(Handle h, String domainId, String groupId, String roleId, String scopeId,
                         boolean domainScope) {
        if (hasGrant(h, groupId, roleId, scopeId, domainScope)) {
            return false;
        }
        feed.changed(h, ChangeFeed.Kind.IDENTITY, domainId);
        h.createUpdate("INSERT INTO role_grants (group_id, role_id, scope_id, domain_scope) "
                        + "VALUES (:g, :r, :s, :ds)").bind("g", groupId).bind("r", roleId).bind("s", scopeId)
                .bind("ds", domainScope).execute();
        return true;
    }

    /** Removes a grant; false when there was none. */
    public boolean revoke(Handle h, String domainId, String groupId, String roleId, String scopeId,
                          boolean domainScope) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, domainId);
        return h.createUpdate("DELETE FROM role_grants WHERE group_id = :g AND role_id = :r AND scope_id = :s "
                        + "AND domain_scope = :ds").bind("g", groupId).bind("r", roleId).bind("s", scopeId)
                .bind("ds", domainScope).execute() > 0;
    }

    /** The policies granted to a group on one scope. */
    public List<RoleRow> granted(Handle h, String groupId, String scopeId, boolean domainScope) {
        return h.createQuery("SELECT r.id, r.domain_id, r.name, r.display_name, r.type, r.catalog, r.description, "
                        + "r.policy, r.created_at FROM role_grants g JOIN roles r ON r.id = g.role_id "
                        + "WHERE g.group_id = :g AND g.scope_id = :s AND g.domain_scope = :ds "
                        + "ORDER BY r.created_at, r.id").bind("g", groupId).bind("s", scopeId)
                .bind("ds", domainScope).mapTo(RoleRow.class).list();
    }
}
