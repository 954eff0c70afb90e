package dev.romalocal.iam;

import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.List;
import java.util.Optional;

/**
 * The SQL of identity management through the API: users, groups, memberships, and whole accounts. Every write
 * publishes what caches depend on: {@link ChangeFeed.Kind#USER} for a user whose state, tokens or keys changed,
 * {@link ChangeFeed.Kind#ACCESS_KEY} for each key removed, {@link ChangeFeed.Kind#PROJECT} for each project removed,
 * and {@link ChangeFeed.Kind#IDENTITY} (key: the domain id) for any change of groups or memberships, which clears
 * the permission cache on every node.
 */
public final class UserStore {
    private static final String USER_COLUMNS = "id, domain_id, name, admin, enabled, description, email, created_at, "
            + "password_changed_at";

    /**
     * A user as identity management shows it (never its password hash). The account's owner is the built-in
     * administrator ({@code admin}) or, for accounts created through the API, the user whose id is the account's id.
     */
    public record UserDetail(String id, String domainId, String name, boolean admin, boolean enabled,
                             String description, String email, long createdAt, long passwordChangedAt) {
        public boolean owner() {
            return admin || id.equals(domainId);
        }
    }

    /** A user to insert. */
    public record NewUser(String id, String domainId, String name, String passwordHash, boolean enabled,
                          String description, String email, long createdAt) {
    }

    public record GroupRow(String id, String domainId, String name, String description, long createdAt) {
    }

    /** One account with its projects and how many users it has. */
    public record AccountRow(String domainId, String domainName, List<IamStore.ProjectRow> projects, int users) {
    }

    private record DomainUsers(String domainId, int users) {
    }

    private final Jdbi jdbi;
    private final ChangeFeed feed;

    public UserStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
        for (Class<?> row : List.of(UserDetail.class, GroupRow.class, DomainUsers.class)) {
            jdbi.registerRowMapper(ConstructorMapper.factory(row));
        }
    }

    public <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    // --- users -------------------------------------------------------------------------------------------------

    /** The user, if it exists in {@code domainId} (a user of another account is not found). */
    public Optional<UserDetail> user(String domainId, String userId) {
        return jdbi.withHandle(h -> user(h, domainId, userId, false));
    }

    /** The same, within a transaction; {@code lock} takes the user's row until it ends. */
    public Optional<UserDetail> user(Handle h, String domainId, String userId, boolean lock) {
        return h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id AND domain_id = :d"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("id", userId).bind("d", domainId).mapTo(UserDetail.class).findOne();
    }

    /** The stored password hash of a user of {@code domainId}. */
    public Optional<String> passwordHash(String domainId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id AND domain_id = :d")
                .bind("id", userId).bind("d", domainId).mapTo(String.class).findOne());
    }

    /** The users of an account, by name; optionally only those with {@code name}, or {@code enabled}. */
    public List<UserDetail> users(String domainId, String name, Boolean enabled) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE domain_id = :d"
                        + (name == null ? "" : " AND name = :n") + (enabled == null ? "" : " AND enabled = :e")
                        + " ORDER BY name, id")
                .bind("d", domainId).bind("n", name).bind("e", enabled).mapTo(UserDetail.class).list());
    }

    public boolean userNameTaken(Handle h, String domainId, String name) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE domain_id = :d AND name = :n").bind("d", domainId)
                .bind("n", name).mapTo(Integer.class).one() > 0;
    }

    public void insertUser(Handle h, NewUser u) {
        h.createUpdate("INSERT INTO users (id, domain_id, name, password_hash, admin, enabled, description, email, "
                        + "created_at, password_changed_at) VALUES (:id, :domainId, :name, :passwordHash, FALSE, "
                        + ":enabled, :description, :email, :createdAt, :createdAt)")
                .bindMethods(u).execute();
    }

    /** Sets name, description and email (nulls: unchanged; an empty email clears it). */
    public void updateProfile(Handle h, String userId, String name, String description, String email) {
        feed.changed(h, ChangeFeed.Kind.USER, userId);
        List<String> sets = new java.util.ArrayList<>();
        if (name != null) {
            sets.add("name = :n");
        }
        if (description != null) {
            sets.add("description = :desc");
        }
        if (email != null) {
            sets.add("email = :e");
        }
        if (sets.isEmpty()) {
            return;
        }
        h.createUpdate("UPDATE users SET " + String.join(", ", sets) + " WHERE id = :id").bind("n", name)
                .bind("desc", description).bind("e", email == null || email.isEmpty() ? null : email)
                .bind("id", userId).execute();
    }

    /** Enables a user again (its earlier tokens stay revoked). */
    public void enable(Handle h, String userId) {
        feed.changed(h, ChangeFeed.Kind.USER, userId);
        h.createUpdate("UPDATE users SET enabled = TRUE WHERE id = :id").bind("id", userId).execute();
    }

    /** A new password hash; the user's tokens are revoked (through {@link IamStore#revokeTokensOf}). */
    public void setPassword(Handle h, String userId, String hash, long at) {
        feed.changed(h, ChangeFeed.Kind.USER, userId);
        h.createUpdate("UPDATE users SET password_hash = :p, password_changed_at = :at WHERE id = :id")
                .bind("p", hash).bind("at", at).bind("id", userId).execute();
    }

    /** Removes a user with its memberships, tokens and access keys. */
    public void deleteUser(Handle h, UserDetail u) {
        for (String key : h.createQuery("SELECT access_key FROM access_keys WHERE user_id = :u").bind("u", u.id())
                .mapTo(String.class).list()) {
            feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, key);
        }
        feed.changed(h, ChangeFeed.Kind.USER, u.id());
        feed.changed(h, ChangeFeed.Kind.IDENTITY, u.domainId());
        h.createUpdate("DELETE FROM group_members WHERE user_id = :u").bind("u", u.id()).execute();
        h.createUpdate("DELETE FROM tokens WHERE user_id = :u").bind("u", u.id()).execute();
        h.createUpdate("DELETE FROM access_keys WHERE user_id = :u").bind("u", u.id()).execute();
        h.createUpdate("DELETE FROM users WHERE id = :u").bind("u", u.id()).execute();
    }

    // --- groups ------------------------------------------------------------------------------------------------

    public Optional<GroupRow> group(String domainId, String groupId) {
        return jdbi.withHandle(h -> group(h, domainId, groupId, false));
    }

    public Optional<GroupRow> group(Handle h, String domainId, String groupId, boolean lock) {
        return h.createQuery("SELECT id, domain_id, name, description, created_at FROM user_groups "
                        + "WHERE id = :id AND domain_id = :d" + (lock ? " FOR UPDATE" : ""))
                .bind("id", groupId).bind("d", domainId).mapTo(GroupRow.class).findOne();
    }

    public List<GroupRow> groups(String domainId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, domain_id, name, description, created_at FROM "
                        + "user_groups WHERE domain_id = :d" + (name == null ? "" : " AND name = :n")
                        + " ORDER BY name, id")
                .bind("d", domainId).bind("n", name).mapTo(GroupRow.class).list());
    }

    public boolean groupNameTaken(Handle h, String domainId, String name) {
        return h.createQuery("SELECT COUNT(*) FROM user_groups WHERE domain_id = :d AND name = :n")
                .bind("d", domainId).bind("n", name).mapTo(Integer.class).one() > 0;
    }

    public void insertGroup(Handle h, GroupRow g) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, g.domainId());
        h.createUpdate("INSERT INTO user_groups (id, domain_id, name, description, created_at) "
                + "VALUES (:id, :domainId, :name, :description, :createdAt)").bindMethods(g).execute();
    }

    /** Removes a group with its memberships and the grants made to it. */
    public void deleteGroup(Handle h, GroupRow g) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, g.domainId());
        h.createUpdate("DELETE FROM group_members WHERE group_id = :g").bind("g", g.id()).execute();
        h.createUpdate("DELETE FROM role_grants WHERE group_id = :g").bind("g", g.id()).execute();
        h.createUpdate("DELETE FROM user_groups WHERE id = :g").bind("g", g.id()).execute();
    }

    public boolean isMember(Handle h, String groupId, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM group_members WHERE group_id = :g AND user_id = :u")
                .bind("g", groupId).bind("u", userId).mapTo(Integer.class).one() > 0;
    }

    public void addMember(Handle h, GroupRow g, String userId) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, g.domainId());
        h.createUpdate("INSERT INTO group_members (group_id, user_id) VALUES (:g, :u)").bind("g", g.id())
                .bind("u", userId).execute();
    }

    /** Removes a membership; false when there was none. */
    public boolean removeMember(Handle h, GroupRow g, String userId) {
        feed.changed(h, ChangeFeed.Kind.IDENTITY, g.domainId());
        return h.createUpdate("DELETE FROM group_members WHERE group_id = :g AND user_id = :u").bind("g", g.id())
                .bind("u", userId).execute() > 0;
    }

    /** The members of a group, by name. */
    public List<UserDetail> members(String groupId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT u.id, u.domain_id, u.name, u.admin, u.enabled, "
                        + "u.description, u.email, u.created_at, u.password_changed_at FROM group_members m "
                        + "JOIN users u ON u.id = m.user_id WHERE m.group_id = :g ORDER BY u.name, u.id")
                .bind("g", groupId).mapTo(UserDetail.class).list());
    }

    // --- accounts ----------------------------------------------------------------------------------------------

    /** Every account with its projects and user count, by name. */
    public List<AccountRow> accounts() {
        return jdbi.withHandle(h -> {
            List<IamStore.DomainRow> domains = h.createQuery("SELECT id, name FROM domains ORDER BY name")
                    .mapTo(IamStore.DomainRow.class).list();
            List<IamStore.ProjectRow> projects = h.createQuery("SELECT * FROM projects ORDER BY name, id")
                    .mapTo(IamStore.ProjectRow.class).list();
            java.util.Map<String, Integer> users = new java.util.HashMap<>();
            h.createQuery("SELECT domain_id, COUNT(*) AS users FROM users GROUP BY domain_id")
                    .mapTo(DomainUsers.class).forEach(d -> users.put(d.domainId(), d.users()));
            return domains.stream().map(d -> new AccountRow(d.id(), d.name(),
                    projects.stream().filter(p -> p.domainId().equals(d.id())).toList(),
                    users.getOrDefault(d.id(), 0))).toList();
        });
    }

    public boolean domainNameTaken(Handle h, String name) {
        return h.createQuery("SELECT COUNT(*) FROM domains WHERE name = :n").bind("n", name).mapTo(Integer.class)
                .one() > 0;
    }

    public void insertAccessKey(Handle h, String accessKey, String userId, String sealedSecret, String description,
                                long now) {
        feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, accessKey);
        h.createUpdate("INSERT INTO access_keys (access_key, user_id, secret_sealed, enabled, created_at, "
                        + "description) VALUES (:ak, :u, :sk, TRUE, :now, :d)")
                .bind("ak", accessKey).bind("u", userId).bind("sk", sealedSecret).bind("now", now)
                .bind("d", description).execute();
    }

    /**
     * Locks the account's projects (instance creation takes turns on them) and counts the instances they hold; -1
     * when the account does not exist.
     */
    public long lockAccountAndCountInstances(Handle h, String domainId) {
        if (h.createQuery("SELECT COUNT(*) FROM domains WHERE id = :d").bind("d", domainId).mapTo(Integer.class)
                .one() == 0) {
            return -1;
        }
        h.createQuery("SELECT id FROM projects WHERE domain_id = :d FOR UPDATE").bind("d", domainId)
                .mapTo(String.class).list();
        return h.createQuery("SELECT COUNT(*) FROM instances WHERE project_id IN "
                + "(SELECT id FROM projects WHERE domain_id = :d)").bind("d", domainId).mapTo(Long.class).one();
    }

    /**
     * Removes an account and everything of it: its users with their tokens, access keys and memberships, its groups
     * with their grants, its custom policies, its projects, and the account itself. The caller has checked that it
     * holds no instances ({@link #lockAccountAndCountInstances}).
     */
    public void deleteAccount(Handle h, String domainId) {
        String users = "(SELECT id FROM users WHERE domain_id = :d)";
        String groups = "(SELECT id FROM user_groups WHERE domain_id = :d)";
        for (String key : h.createQuery("SELECT access_key FROM access_keys WHERE user_id IN " + users)
                .bind("d", domainId).mapTo(String.class).list()) {
            feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, key);
        }
        for (String user : h.createQuery("SELECT id FROM users WHERE domain_id = :d").bind("d", domainId)
                .mapTo(String.class).list()) {
            feed.changed(h, ChangeFeed.Kind.USER, user);
        }
        for (String project : h.createQuery("SELECT id FROM projects WHERE domain_id = :d").bind("d", domainId)
                .mapTo(String.class).list()) {
            feed.changed(h, ChangeFeed.Kind.PROJECT, project);
        }
        feed.changed(h, ChangeFeed.Kind.IDENTITY, domainId);
        for (String sql : List.of(
                "DELETE FROM group_members WHERE group_id IN " + groups,
                "DELETE FROM group_members WHERE user_id IN " + users,
                "DELETE FROM role_grants WHERE group_id IN " + groups,
                "DELETE FROM role_grants WHERE role_id IN (SELECT id FROM roles WHERE domain_id = :d)",
                "DELETE FROM user_groups WHERE domain_id = :d",
                "DELETE FROM roles WHERE domain_id = :d",
                "DELETE FROM tokens WHERE user_id IN " + users,
                "DELETE FROM access_keys WHERE user_id IN " + users,
                "DELETE FROM users WHERE domain_id = :d",
                "DELETE FROM projects WHERE domain_id = :d",
                "DELETE FROM domains WHERE id = :d")) {
            h.createUpdate(sql).bind("d", domainId).execute();
        }
    }
}
