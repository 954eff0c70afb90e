package dev.romalocal.testing;

import dev.romalocal.config.Settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The two stores every suite runs on. PostgreSQL is the machine's (127.0.0.1:5432, database test, user postgres,
 * or {@code ROMA_LOCAL_TEST_PG_URL}); each suite gets a fresh schema. An unreachable PostgreSQL fails the suite:
 * it is never skipped.
 */
public enum Backend {
    H2, POSTGRES;

    public static final String PG_URL = System.getenv().getOrDefault("ROMA_LOCAL_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("ROMA_LOCAL_TEST_PG_USER", "postgres");
    public static final String PG_PASSWORD = System.getenv().getOrDefault("ROMA_LOCAL_TEST_PG_PASSWORD", "");

    /** A fresh, empty store of this kind: settings that point at it, and how to drop it afterwards. */
    public Store fresh() {
        try {
            Path dir = Files.createTempDirectory("roma-local-test-");
            Settings s = Settings.defaults().withPort(0).withDataDir(dir);
            if (this == H2) {
                return new Store(s, dir, null);
            }
            String schema = "rl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                    .toLowerCase(Locale.ROOT);
            exec("CREATE SCHEMA " + schema);
            String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return new Store(s.withJdbc(url, PG_USER, PG_PASSWORD), dir, schema);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A store for one test class. */
    public record Store(Settings settings, Path dataDir, String pgSchema) implements AutoCloseable {
        @Override
        public void close() {
            if (pgSchema != null) {
                exec("DROP SCHEMA " + pgSchema + " CASCADE");
            }
            TempDirs.delete(dataDir);
        }
    }

    static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_URL + " is required for this suite: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Settings for several nodes sharing one store: a master key they share (random per test), a small pool each
     * and a small view cache.
     */
    public static Settings severalNodes(Settings s) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Settings.Store st = s.store();
        return s.withStore(new Settings.Store(st.dataDir(), st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword(), 4,
                java.util.Base64.getEncoder().encodeToString(key), 8));
    }
}
