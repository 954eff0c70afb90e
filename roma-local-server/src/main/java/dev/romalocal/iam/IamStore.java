package dev.romalocal.iam;

import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.List;
import java.util.Optional;

/** The SQL of the IAM tables. */
public final class IamStore {
    public record DomainRow(String id, String name) {
    }

    public record ProjectRow(String id, String name, String domainId, String description, boolean enabled) {
    }

    public record UserRow(String id, String domainId, String name, String passwordHash, boolean admin,
                          boolean enabled) {
    }

    public record AccessKeyRow(String accessKey, String userId, String secretSealed, boolean enabled,
                               long createdAt) {
    }

    /** A token: {@code methods} is how it was obtained ({@code password} or {@code token}), comma-separated. */
    public record TokenRow(String tokenHash, String userId, String projectId, boolean domainScoped, long issuedAt,
                           long expiresAt, boolean revoked, String methods) {
    }

    /** A user with its domain, as an authenticated caller needs it. */
    public record UserIdentity(String userId, String userName, String domainId, String domainName, boolean admin,
                               boolean enabled) {
    }

    /** A token joined with its user. */
    public record TokenIdentity(String projectId, boolean domainScoped, long issuedAt, long expiresAt,
                                boolean revoked, String userId, String userName, String domainId,
                                String domainName, boolean admin, boolean enabled) {
        public UserIdentity user() {
            return new UserIdentity(userId, userName, domainId, domainName, admin, enabled);
        }
    }

    /**
     * An access key joined with its user.
     *
     * @param securityTokenHash SHA-256 (hex) of a temporary key's security token; null for a permanent key
     * @param expiresAt         when a temporary key expires (epoch ms); null for a permanent key
     * @param failures          consecutive signature failures so far
     * @param lockedUntil       refused until then (epoch ms) after too many consecutive signature failures
     */
    public record AccessKeyIdentity(String secretSealed, boolean keyEnabled, String securityTokenHash,
                                    Long expiresAt, int failures, long lockedUntil, String userId, String userName,
                                    String domainId, String domainName, boolean admin, boolean enabled) {
        public UserIdentity user() {
            return new UserIdentity(userId, userName, domainId, domainName, admin, enabled);
        }
    }

    private static final String USER_COLUMNS = "u.id AS user_id, u.name AS user_name, d.id AS domain_id, "
            + "d.name AS domain_name, u.admin AS admin, u.enabled AS enabled";

    private final Jdbi jdbi;
    private final ChangeFeed feed;

    public IamStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
        for (Class<?> row : List.of(DomainRow.class, ProjectRow.class, UserRow.class, AccessKeyRow.class,
                TokenRow.class, UserIdentity.class, TokenIdentity.class, AccessKeyIdentity.class)) {
            jdbi.registerRowMapper(ConstructorMapper.factory(row));
        }
    }

    public <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    public Optional<TokenIdentity> tokenIdentity(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT t.project_id, t.domain_scoped, t.issued_at, t.expires_at, "
                        + "t.revoked, " + USER_COLUMNS + " FROM tokens t JOIN users u ON u.id = t.user_id "
                        + "JOIN domains d ON d.id = u.domain_id WHERE t.token_hash = :h")
                .bind("h", tokenHash).mapTo(TokenIdentity.class).findOne());
    }

    public Optional<AccessKeyIdentity> accessKeyIdentity(String accessKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT k.secret_sealed, k.enabled AS key_enabled, "
                        + "k.security_token_hash, k.expires_at, k.failures, k.locked_until, " + USER_COLUMNS
                        + " FROM access_keys k JOIN users u ON u.id = k.user_id "
                        + "JOIN domains d ON d.id = u.domain_id WHERE k.access_key = :ak")
                .bind("ak", accessKey).mapTo(AccessKeyIdentity.class).findOne());
    }

    public Optional<UserIdentity> userIdentity(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users u "
                        + "JOIN domains d ON d.id = u.domain_id WHERE u.id = :id")
                .bind("id", userId).mapTo(UserIdentity.class).findOne());
    }

    public Optional<DomainRow> domainByName(Handle h, String name) {
        return h.createQuery("SELECT id, name FROM domains WHERE name = :name").bind("name", name)
                .mapTo(DomainRow.class).findOne();
    }

    public Optional<DomainRow> domain(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name FROM domains WHERE id = :id").bind("id", id)
                .mapTo(DomainRow.class).findOne());
    }

    public void insertDomain(Handle h, DomainRow d) {
        h.createUpdate("INSERT INTO domains (id, name) VALUES (:id, :name)").bindMethods(d).execute();
    }

    public void upsertProject(Handle h, ProjectRow p) {
        feed.changed(h, ChangeFeed.Kind.PROJECT, p.id());
        int n = h.createUpdate("UPDATE projects SET name = :name, domain_id = :domainId, description = :description, "
                + "enabled = :enabled WHERE id = :id").bindMethods(p).execute();
        if (n == 0) {
            h.createUpdate("INSERT INTO projects (id, name, domain_id, description, enabled) "
                    + "VALUES (:id, :name, :domainId, :description, :enabled)").bindMethods(p).execute();
        }
    }

    public Optional<ProjectRow> project(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects WHERE id = :id").bind("id", id)
                .mapTo(ProjectRow.class).findOne());
    }

    public Optional<ProjectRow> projectByName(String domainId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects WHERE domain_id = :d AND name = :n")
                .bind("d", domainId).bind("n", name).mapTo(ProjectRow.class).findOne());
    }

    public List<ProjectRow> projects(String domainId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects WHERE domain_id = :d"
                        + (name == null ? "" : " AND name = :n") + " ORDER BY name")
                .bind("d", domainId).bind("n", name).mapTo(ProjectRow.class).list());
    }

    public Optional<UserRow> userByName(Handle h, String domainId, String name) {
        return h.createQuery("SELECT * FROM users WHERE domain_id = :d AND name = :n").bind("d", domainId)
                .bind("n", name).mapTo(UserRow.class).findOne();
    }

    public Optional<UserRow> userByName(String domainName, String userName) {
        return jdbi.withHandle(h -> h.createQuery("SELECT u.* FROM users u JOIN domains d ON d.id = u.domain_id "
                        + "WHERE d.name = :d AND u.name = :n").bind("d", domainName).bind("n", userName)
                .mapTo(UserRow.class).findOne());
    }

    public Optional<UserRow> user(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id)
                .mapTo(UserRow.class).findOne());
    }

    public void insertUser(Handle h, UserRow u) {
        h.createUpdate("INSERT INTO users (id, domain_id, name, password_hash, admin, enabled) "
                + "VALUES (:id, :domainId, :name, :passwordHash, :admin, :enabled)").bindMethods(u).execute();
    }

    public void updatePassword(Handle h, String userId, String passwordHash) {
        feed.changed(h, ChangeFeed.Kind.USER, userId);
        h.createUpdate("UPDATE users SET password_hash = :p WHERE id = :id").bind("p", passwordHash)
                .bind("id", userId).execute();
    }

    public void setAdmin(Handle h, String userId, boolean admin) {
        feed.changed(h, ChangeFeed.Kind.USER, userId);
        h.createUpdate("UPDATE users SET admin = :a, enabled = TRUE WHERE id = :id").bind("a", admin)
                .bind("id", userId).execute();
    }

    public Optional<AccessKeyRow> accessKey(Handle h, String accessKey) {
        return h.createQuery("SELECT * FROM access_keys WHERE access_key = :ak").bind("ak", accessKey)
                .mapTo(AccessKeyRow.class).findOne();
    }

    public Optional<AccessKeyRow> accessKey(String accessKey) {
        return jdbi.withHandle(h -> accessKey(h, accessKey));
    }

    public void upsertAccessKey(Handle h, AccessKeyRow k) {
        feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, k.accessKey());
        int n = h.createUpdate("UPDATE access_keys SET user_id = :userId, secret_sealed = :secretSealed, "
                + "description = :d, enabled = :enabled WHERE access_key = :accessKey").bindMethods(k)
                .bind("d", CONFIGURED_KEY).execute();
        if (n == 0) {
            h.createUpdate("INSERT INTO access_keys (access_key, user_id, secret_sealed, enabled, created_at, "
                    + "description) VALUES (:accessKey, :userId, :secretSealed, :enabled, :createdAt, :d)")
                    .bindMethods(k).bind("d", CONFIGURED_KEY).execute();
        }
    }

    /**
     * The enabled built-in administrators other than {@code keep} (those of identities configured before this one).
     * Users created through the IAM API are never retired by a start.
     */
    public List<UserRow> otherEnabledUsers(Handle h, String keep) {
        return h.createQuery("SELECT * FROM users WHERE enabled = TRUE AND admin = TRUE AND id <> :id ORDER BY id")
                .bind("id", keep).mapTo(UserRow.class).list();
    }

    /** Disables a user (no token, password or access key of it works any more) and revokes its tokens. */
    public void disableUser(Handle h, String userId) {
        revokeTokensOf(h, userId);
        h.createUpdate("UPDATE users SET enabled = FALSE WHERE id = :id").bind("id", userId).execute();
    }

    /**
     * The enabled configured access keys other than {@code keep}: those a start wrote (description
     * {@value #CONFIGURED_KEY}); keys created through the IAM API are never retired by a start.
     */
    public List<String> otherEnabledAccessKeys(Handle h, String keep) {
        return h.createQuery("SELECT access_key FROM access_keys WHERE enabled = TRUE AND access_key <> :ak "
                + "AND description = :d ORDER BY access_key").bind("ak", keep).bind("d", CONFIGURED_KEY)
                .mapTo(String.class).list();
    }

    /** The description of access keys written from the configuration at start. */
    public static final String CONFIGURED_KEY = "configured at start";

    public void disableAccessKey(Handle h, String accessKey) {
        feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, accessKey);
        h.createUpdate("UPDATE access_keys SET enabled = FALSE WHERE access_key = :ak").bind("ak", accessKey)
                .execute();
    }

    public void insertToken(TokenRow t) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO tokens (token_hash, user_id, project_id, domain_scoped, "
                + "issued_at, expires_at, revoked, methods) VALUES (:tokenHash, :userId, :projectId, :domainScoped, "
                + ":issuedAt, :expiresAt, :revoked, :methods)").bindMethods(t).execute());
    }

    public Optional<TokenRow> token(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tokens WHERE token_hash = :h")
                .bind("h", tokenHash).mapTo(TokenRow.class).findOne());
    }

    public boolean revokeToken(String tokenHash) {
        return jdbi.inTransaction(h -> {
            feed.changed(h, ChangeFeed.Kind.TOKEN, tokenHash);
            return h.createUpdate("UPDATE tokens SET revoked = TRUE WHERE token_hash = :h AND revoked = FALSE")
                    .bind("h", tokenHash).execute() > 0;
        });
    }

    public void revokeTokensOf(Handle h, String userId) {
        feed.changed(h, ChangeFeed.Kind.USER, userId);
        h.createUpdate("UPDATE tokens SET revoked = TRUE WHERE user_id = :u").bind("u", userId).execute();
    }

    public int deleteExpiredTokens(long now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM tokens WHERE expires_at < :now")
                .bind("now", now).execute());
    }

    // --- signature failures and key lockout (Authenticator) ---------------------------------------------------

    /** An access key's consecutive signature failures and lock, after a failure was counted. */
    public record SignatureFailures(int failures, long lockedUntil) {
    }

    /**
     * Counts one signature failure of an access key, atomically (two nodes may count at once): the failure after
     * {@code allowed} consecutive ones locks the key until {@code lockUntil} and starts the count again. Every
     * node's cached key is invalidated. Returns the count and lock as stored, or null for an unknown key.
     */
    public SignatureFailures recordSignatureFailure(String accessKey, int allowed, long lockUntil) {
        return jdbi.inTransaction(h -> {
            feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, accessKey);
            h.createUpdate("UPDATE access_keys SET "
                            + "locked_until = CASE WHEN failures >= :allowed THEN :until ELSE locked_until END, "
                            + "failures = CASE WHEN failures >= :allowed THEN 0 ELSE failures + 1 END "
                            + "WHERE access_key = :ak")
                    .bind("allowed", allowed).bind("until", lockUntil).bind("ak", accessKey).execute();
            return h.createQuery("SELECT failures, locked_until FROM access_keys WHERE access_key = :ak")
                    .bind("ak", accessKey).map((rs, ctx) -> new SignatureFailures(rs.getInt(1), rs.getLong(2)))
                    .findOne().orElse(null);
        });
    }

    /** Starts an access key's count of consecutive signature failures again (after a good signature). */
    public void resetSignatureFailures(String accessKey) {
        jdbi.useTransaction(h -> {
            feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, accessKey);
            h.createUpdate("UPDATE access_keys SET failures = 0 WHERE access_key = :ak AND failures <> 0")
                    .bind("ak", accessKey).execute();
        });
    }
}
