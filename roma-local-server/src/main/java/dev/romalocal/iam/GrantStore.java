package dev.romalocal.iam;

import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.List;

/**
 * The SQL that authorization reads (what a user's groups were granted, where) and the grants every account starts
 * with: the system policies and the account's {@code admin} group.
 */
public final class GrantStore {
    /**
     * One row per (group of the user, grant of that group); a group without grants gives one row with null grant
     * columns, so membership alone (the admin group) is visible.
     */
    public record GrantRow(String groupName, String scopeId, Boolean domainScope, String roleId, String displayName,
                           String policy) {
    }

    private final Jdbi jdbi;
    private final ChangeFeed feed;

    public GrantStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
        jdbi.registerRowMapper(ConstructorMapper.factory(GrantRow.class));
    }

    /** The groups of a user and what each was granted. */
    public List<GrantRow> grantsOf(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT g.name AS group_name, rg.scope_id, rg.domain_scope, "
                        + "r.id AS role_id, r.display_name, r.policy FROM group_members m "
                        + "JOIN user_groups g ON g.id = m.group_id "
                        + "LEFT JOIN role_grants rg ON rg.group_id = g.id "
                        + "LEFT JOIN roles r ON r.id = rg.role_id WHERE m.user_id = :u ORDER BY g.name, r.id")
                .bind("u", userId).mapTo(GrantRow.class).list());
    }

    /** Writes the system policies as this version defines them. */
    public void ensureSystemPolicies(Handle h, long now) {
        for (SystemPolicies.SystemPolicy p : SystemPolicies.ALL) {
            int n = h.createUpdate("UPDATE roles SET name = :name, display_name = :displayName, "
                            + "description = :description, policy = :policy, type = :type, catalog = :catalog "
                            + "WHERE id = :id AND domain_id IS NULL")
                    .bindMethods(p).bind("type", SystemPolicies.TYPE).bind("catalog", SystemPolicies.CATALOG)
                    .execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO roles (id, domain_id, name, display_name, type, catalog, description, "
                                + "policy, created_at) VALUES (:id, NULL, :name, :displayName, :type, :catalog, "
                                + ":description, :policy, :now)")
                        .bindMethods(p).bind("type", SystemPolicies.TYPE).bind("catalog", SystemPolicies.CATALOG)
                        .bind("now", now).execute();
            }
        }
    }

    /** Makes sure the account has its admin group and that {@code userId} is a member; returns the group id. */
    public String ensureAdminMember(Handle h, String domainId, String userId, String newGroupId, long now) {
        String groupId = h.createQuery("SELECT id FROM user_groups WHERE domain_id = :d AND name = :n")
                .bind("d", domainId).bind("n", SystemPolicies.ADMIN_GROUP).mapTo(String.class).findOne()
                .orElse(null);
        if (groupId == null) {
            groupId = newGroupId;
            h.createUpdate("INSERT INTO user_groups (id, domain_id, name, description, created_at) "
                            + "VALUES (:id, :d, :n, :desc, :now)").bind("id", groupId).bind("d", domainId)
                    .bind("n", SystemPolicies.ADMIN_GROUP)
                    .bind("desc", "Administrators: manage identity and hold every permission of the account")
                    .bind("now", now).execute();
        }
        boolean member = h.createQuery("SELECT COUNT(*) FROM group_members WHERE group_id = :g AND user_id = :u")
                .bind("g", groupId).bind("u", userId).mapTo(Integer.class).one() > 0;
        if (!member) {
            feed.changed(h, ChangeFeed.Kind.IDENTITY, domainId);
            h.createUpdate("INSERT INTO group_members (group_id, user_id) VALUES (:g, :u)").bind("g", groupId)
                    .bind("u", userId).execute();
        }
        return groupId;
    }
}
