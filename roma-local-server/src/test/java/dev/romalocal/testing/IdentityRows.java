package dev.romalocal.testing;

import dev.romalocal.config.Settings;
import dev.romalocal.iam.Authenticator;
import dev.romalocal.iam.SdkSigning;
import dev.romalocal.iam.SecretSealer;
import dev.romalocal.store.Database;
import dev.romalocal.store.MasterKey;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;

/**
 * Identity rows written straight into a server's store, for credentials the API cannot create yet (temporary keys,
 * disabled users, inactive keys): a second pool on the same database (an embedded H2 file is shared within the
 * JVM), secret keys sealed with the server's master key as the server seals them. Rows are inserted, never
 * changed: nothing a server has cached goes stale.
 */
public final class IdentityRows implements AutoCloseable {
    private final Database db;
    private final SecretSealer sealer;

    private IdentityRows(Database db, SecretSealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    /** Opens the store a server was started with. */
    public static IdentityRows of(Settings settings) {
        Settings.Store st = settings.store();
        Database db = Database.open(st.dataDir(), st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword(), 2);
        return new IdentityRows(db, new SecretSealer(MasterKey.load(st.masterKey(), st.dataDir())));
    }

    /** Over an already open store (unit tests). */
    public static IdentityRows over(Database db, SecretSealer sealer) {
        return new IdentityRows(db, sealer);
    }

    public Jdbi jdbi() {
        return db.jdbi();
    }

    /** A user of the built-in account (the domain of {@code domainId}). */
    public void insertUser(String id, String domainId, String name, boolean enabled) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO users (id, domain_id, name, password_hash, admin, enabled) "
                        + "VALUES (:id, :d, :n, 'none', FALSE, :e)").bind("id", id).bind("d", domainId).bind("n", name)
                .bind("e", enabled).execute());
    }

    /** A permanent access key. */
    public void insertKey(String userId, String accessKey, String secretKey, boolean enabled) {
        insert(userId, accessKey, secretKey, enabled, null, null);
    }

    /** A temporary access key: its security token (stored as its SHA-256) and its expiry. */
    public void insertTemporaryKey(String userId, String accessKey, String secretKey, String securityToken,
                                   long expiresAt) {
        insert(userId, accessKey, secretKey, true, SdkSigning.sha256Hex(securityToken.getBytes(StandardCharsets.UTF_8)),
                expiresAt);
    }

    private void insert(String userId, String accessKey, String secretKey, boolean enabled, String tokenHash,
                        Long expiresAt) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO access_keys (access_key, user_id, secret_sealed, enabled, "
                        + "created_at, security_token_hash, expires_at) VALUES (:ak, :u, :s, :e, 0, :t, :x)")
                .bind("ak", accessKey).bind("u", userId).bind("s", sealer.seal(secretKey)).bind("e", enabled)
                .bind("t", tokenHash).bind("x", expiresAt).execute());
    }

    /** A token row (the token itself is what a client sends; the store keeps its SHA-256). */
    public void insertToken(String token, String userId, String projectId, long expiresAt, boolean revoked) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO tokens (token_hash, user_id, project_id, domain_scoped, "
                        + "issued_at, expires_at, revoked) VALUES (:h, :u, :p, FALSE, 0, :x, :r)")
                .bind("h", Authenticator.tokenHash(token)).bind("u", userId).bind("p", projectId)
                .bind("x", expiresAt).bind("r", revoked).execute());
    }

    /** An access key's consecutive failures and lock, as stored. */
    public long[] failuresAndLock(String accessKey) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT failures, locked_until FROM access_keys "
                        + "WHERE access_key = :ak").bind("ak", accessKey)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
    }

    @Override
    public void close() {
        db.close();
    }
}
