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
 * The SQL of access keys managed through IAM's API: permanent keys (no security token) and temporary ones (the
 * SHA-256 of their security token and an expiry). Every write publishes {@link ChangeFeed.Kind#ACCESS_KEY} with the
 * key: the authenticators of every node drop it from their caches, so a deactivated or deleted key is refused on
 * its next request.
 */
public final class KeyStore {
    /** An access key with its user's account. The sealed secret is never read here. */
    public record KeyRow(String accessKey, String userId, String domainId, boolean enabled, long createdAt,
                         String description, String securityTokenHash, Long expiresAt) {
        public boolean temporary() {
            return securityTokenHash != null;
        }
    }

    /** A user, as key management needs it. */
    public record UserRef(String id, String domainId, String name, boolean enabled) {
    }

    private static final String KEY_COLUMNS = "k.access_key, k.user_id, u.domain_id, k.enabled, k.created_at, "
            + "k.description, k.security_token_hash, k.expires_at";

    private final Jdbi jdbi;
    private final ChangeFeed feed;

    public KeyStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
        for (Class<?> row : List.of(KeyRow.class, UserRef.class)) {
            jdbi.registerRowMapper(ConstructorMapper.factory(row));
        }
    }

    /** Runs {@code work} in a transaction, again when it lost a race (see {@link Retry}). */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return Retry.onConflict(() -> jdbi.inTransaction(work));
    }

    public Optional<UserRef> user(Handle h, String userId) {
        return h.createQuery("SELECT id, domain_id, name, enabled FROM users WHERE id = :id").bind("id", userId)
                .mapTo(UserRef.class).findOne();
    }

    /** The user, its row locked: its keys are created one at a time (the per-user limit cannot be raced). */
    public Optional<UserRef> lockUser(Handle h, String userId) {
        return h.createQuery("SELECT id, domain_id, name, enabled FROM users WHERE id = :id FOR UPDATE")
                .bind("id", userId).mapTo(UserRef.class).findOne();
    }

    public int countPermanent(Handle h, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM access_keys WHERE user_id = :u AND security_token_hash IS NULL")
                .bind("u", userId).mapTo(Integer.class).one();
    }

    public List<KeyRow> permanentKeys(Handle h, String userId) {
        return h.createQuery("SELECT " + KEY_COLUMNS + " FROM access_keys k JOIN users u ON u.id = k.user_id "
                        + "WHERE k.user_id = :u AND k.security_token_hash IS NULL ORDER BY k.created_at, k.access_key")
                .bind("u", userId).mapTo(KeyRow.class).list();
    }

    public Optional<KeyRow> key(Handle h, String accessKey) {
        return h.createQuery("SELECT " + KEY_COLUMNS + " FROM access_keys k JOIN users u ON u.id = k.user_id "
                + "WHERE k.access_key = :ak").bind("ak", accessKey).mapTo(KeyRow.class).findOne();
    }

    /** Inserts a key (permanent when {@code securityTokenHash} is null). */
    public void insert(Handle h, String accessKey, String userId, String secretSealed, long createdAt,
                       String description, String securityTokenHash, Long expiresAt) {
        feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, accessKey);
        h.createUpdate("INSERT INTO access_keys (access_key, user_id, secret_sealed, enabled, created_at, description, "
                        + "security_token_hash, expires_at) VALUES (:ak, :u, :s, TRUE, :at, :d, :t, :e)")
                .bind("ak", accessKey).bind("u", userId).bind("s", secretSealed).bind("at", createdAt)
                .bind("d", description).bind("t", securityTokenHash).bind("e", expiresAt).execute();
    }

    public void update(Handle h, String accessKey, boolean enabled, String description) {
        feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, accessKey);
        h.createUpdate("UPDATE access_keys SET enabled = :e, description = :d WHERE access_key = :ak")
                .bind("e", enabled).bind("d", description).bind("ak", accessKey).execute();
    }

    public void delete(Handle h, String accessKey) {
        feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, accessKey);
        h.createUpdate("DELETE FROM access_keys WHERE access_key = :ak").bind("ak", accessKey).execute();
    }

    /** Removes temporary keys that expired before {@code before}; returns how many. */
    public int deleteExpiredTemporary(long before) {
        return inTransaction(h -> {
            List<String> expired = h.createQuery("SELECT access_key FROM access_keys WHERE security_token_hash IS NOT "
                    + "NULL AND expires_at < :t").bind("t", before).mapTo(String.class).list();
            for (String ak : expired) {
                delete(h, ak);
            }
            return expired.size();
        });
    }
}
