package dev.romalocal.store;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;

import static dev.romalocal.store.ChangeFeedLivenessTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose change-feed connection is killed (its backend terminated in PostgreSQL) stops trusting its caches:
 * a token removed behind its back is refused; once the feed is back, caches serve again and another node's
 * revocation reaches them.
 */
class FeedRecoveryTest {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;
    static final String LIST = "/v2/" + PROJECT + "/instances";

    @Test
    void aKilledFeedConnectionClearsTheCachesAndTheFeedComesBackCoherent() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            Settings s = store.settings();
            s = s.withStore(new Settings.Store(s.store().dataDir(), s.store().jdbcUrl(), s.store().jdbcUser(),
                    s.store().jdbcPassword(), 4, Base64.getEncoder().encodeToString(key), 8));
            try (RomaLocal a = RomaLocal.start(s)) {
                Http http = new Http(a.endpoint());
                String token = http.adminToken();
                assertThat(http.withToken("GET", LIST, token, null).status()).isEqualTo(200);
                // Removed behind the node's back (no notification): the cached token is still accepted.
                exec(store, "DELETE FROM tokens");
                assertThat(http.withToken("GET", LIST, token, null).status()).as("served from the cache")
                        .isEqualTo(200);

                terminateFeedBackend(store);
                eventually(() -> http.withToken("GET", LIST, token, null).status() == 401, 5_000,
                        "the caches were cleared when the feed connection died");

                // Live again: caches serve (a token removed behind the node's back is accepted once more) ...
                String[] cached = new String[1];
                eventually(() -> {
                    String t = http.adminToken();
                    if (http.withToken("GET", LIST, t, null).status() != 200) {
                        return false;
                    }
                    exec(store, "DELETE FROM tokens");
                    cached[0] = t;
                    return http.withToken("GET", LIST, t, null).status() == 200;
                }, 10_000, "the caches serve again once the feed is back");

                // ... and coherent: a revocation on another node reaches this node's cache.
                try (RomaLocal b = RomaLocal.start(s)) {
                    Http httpB = new Http(b.endpoint());
                    String revoker = httpB.adminToken();
                    String victim = http.adminToken();
                    assertThat(http.withToken("GET", LIST, victim, null).status()).isEqualTo(200);
                    assertThat(httpB.send("DELETE", "/v3/auth/tokens", Map.of("X-Auth-Token", revoker,
                            "X-Subject-Token", victim), null).status()).isEqualTo(204);
                    eventually(() -> http.withToken("GET", LIST, victim, null).status() == 401, 5_000,
                            "the revocation reached the recovered node");
                }
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(Backend.PG_URL, Backend.PG_USER, Backend.PG_PASSWORD);
    }

    private static void exec(Backend.Store store, String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + store.pgSchema());
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's feed listens on the schema's channel; its backend is found by application name and LISTEN. */
    private static void terminateFeedBackend(Backend.Store store) throws SQLException {
        try (Connection c = connect()) {
            String db;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
                rs.next();
                db = rs.getString(1);
            }
            String channel = ChangeFeed.channelFor(db + "/" + store.pgSchema());
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = ? AND query LIKE ?")) {
                ps.setString(1, ChangeFeed.APPLICATION_NAME);
                ps.setString(2, "LISTEN " + channel + "\\_%");
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        assertThat(rs.getBoolean(1)).isTrue();
                        n++;
                    }
                }
                assertThat(n).as("the node's one listening backend").isEqualTo(1);
            }
        }
    }
}
