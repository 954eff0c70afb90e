package dev.romalocal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Cleanable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store: a pooled DataSource (HikariCP), migrated by Flyway ({@link Schema}), used through JDBI. H2 in file
 * mode under the data directory by default; PostgreSQL when a {@code jdbc:postgresql:} URL is configured.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    public enum Dialect { H2, POSTGRES }

    /**
     * The embedded store's H2 settings (tests that open a second connection to the server's file in the same JVM use
     * them too). No WRITE_DELAY: H2 would set it again for every new connection, and the server's store takes its
     * writing over once open, so that every commit reaches the file before it is acknowledged (survives kill -9) in
     * writes shared by the commits that end together ({@link H2GroupCommit}).
     * RETENTION_TIME=5000: a dead chunk's space is reused after 5 s instead of 45 s, which with {@link H2Housekeeping}
     * keeps H2's chunk bookkeeping bounded; safe against kill -9 on the pinned H2 (2.3.232), not on 2.5.250/2.5.252
     * (docs/architecture.md, "H2 housekeeping"). CACHE_SIZE (KiB): H2's page cache stays small; the hot data lives
     * in ROMA Local's own caches. QUERY_CACHE_SIZE: parsed statements kept per connection; H2's default of 8 is
     * fewer than a create and its lifecycle steps use, so they were parsed again and again.
     */
    public static final String H2_SETTINGS =
            ";RETENTION_TIME=5000;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=2048;QUERY_CACHE_SIZE=64";

    /** How often {@link H2Housekeeping} rewrites sparse chunks, in milliseconds. */
    static final long H2_HOUSEKEEPING_PERIOD_MILLIS = 5_000;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String description;
    /** H2 only: the chunk housekeeping H2's background writer would do (see {@link H2Housekeeping}). */
    private final H2Housekeeping housekeeping;
    /** The embedded H2 file store only: its commits reach the file in shared writes (see {@link H2GroupCommit}). */
    private final H2GroupCommit groupCommit;

    private Database(HikariDataSource dataSource, Dialect dialect, String description, boolean embedded) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.groupCommit = embedded ? groupCommit(dataSource) : null;
        this.jdbi = Jdbi.create(new Connections(dataSource, groupCommit));
        // Optional filters bind parameters that some statement variants do not use.
        this.jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true)
                .setSqlParser(new ColonSqlParser());
        this.housekeeping = dialect == Dialect.H2
                ? new H2Housekeeping(dataSource, H2_HOUSEKEEPING_PERIOD_MILLIS, groupCommit) : null;
    }

    /**
     * JDBI's connections: none is ever taken on a thread that must not block (an HTTP event loop, see
     * {@link Blocking}); on the H2 file store their changes and commits pass the gate that keeps H2's writes out of
     * them ({@link WriteGate}), and a handle's release returns its connection, then waits until what it committed is
     * in the file ({@link H2GroupCommit}). JDBI asks for the release (a {@link Cleanable}) as it opens
     * the handle, so the mark of where the database's changes stood is taken before the handle's first statement.
     */
    private record Connections(DataSource dataSource, H2GroupCommit groupCommit) implements ConnectionFactory {
        @Override
        public Connection openConnection() throws SQLException {
            Blocking.check();
            Connection c = dataSource.getConnection();
            if (groupCommit == null) {
                return c;
            }
            try {
                return groupCommit.gated(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        @Override
        public Cleanable getCleanableFor(Connection connection) {
            if (groupCommit == null) {
                return connection::close;
            }
            long mark = groupCommit.changeMark();
            return () -> {
                connection.close();
                groupCommit.released(mark);
            };
        }
    }

    private static H2GroupCommit groupCommit(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return H2GroupCommit.takeOver(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the store: " + Redact.describe(e), e);
        }
    }

    /** The URL of the embedded H2 store whose files are {@code file}.mv.db etc. */
    public static String h2FileUrl(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + H2_SETTINGS;
    }

    /**
     * Opens (and migrates) the store.
     *
     * @param jdbcUrl null for the embedded H2 store under {@code dataDir}
     */
    public static Database open(Path dataDir, String jdbcUrl, String user, String password, int poolSize) {
        return open(dataDir, jdbcUrl, user, password, poolSize, null);
    }

    /**
     * Opens (and migrates) the store; the pool reports to {@code meters} (HikariCP's {@code hikaricp_*} meters,
     * docs/metrics.md) unless it is null.
     */
    public static Database open(Path dataDir, String jdbcUrl, String user, String password, int poolSize,
                                io.micrometer.core.instrument.MeterRegistry meters) {
        HikariConfig cfg = new HikariConfig();
        if (meters != null) {
            cfg.setMetricRegistry(meters);
        }
        Dialect dialect;
        String description;
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            try {
                OwnerOnly.directory(dataDir);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e, e);
            }
            Path file = dataDir.toAbsolutePath().resolve("roma-local");
            if (Schema.fromTemplate(file.resolveSibling("roma-local.mv.db"))) {
                LOG.info("new store made from this build's template (every migration applied)");
            }
            cfg.setJdbcUrl(h2FileUrl(file));
            cfg.setUsername("sa");
            cfg.setPassword("");
            dialect = Dialect.H2;
            description = "H2 " + file + ".mv.db";
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            cfg.setJdbcUrl(jdbcUrl);
            cfg.setUsername(user);
            cfg.setPassword(password);
            // A batch of inserts (a create's five addresses, a lifecycle run's history entries) goes as one
            // multi-row INSERT instead of one statement per row (a parameter in the URL overrides this).
            cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
            dialect = Dialect.POSTGRES;
            description = "PostgreSQL " + redact(jdbcUrl);
        } else if (jdbcUrl.startsWith("jdbc:h2:")) {
            cfg.setJdbcUrl(jdbcUrl);
            cfg.setUsername(user == null ? "sa" : user);
            cfg.setPassword(password == null ? "" : password);
            dialect = Dialect.H2;
            description = "H2 " + redact(jdbcUrl);
        } else {
            throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:postgresql:... or jdbc:h2:...): "
                    + redact(jdbcUrl));
        }
        cfg.setPoolName("roma-local-store");
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(Math.min(2, poolSize));
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the store (" + description + "): " + rootMessage(e), e);
        }
        try {
            int applied = Schema.migrate(ds, dialect);
            if (applied > 0) {
                LOG.info("applied {} migration(s)", applied);
            }
        } catch (RuntimeException e) {
            ds.close();
            throw new IllegalStateException("cannot migrate the store (" + description + "): " + rootMessage(e), e);
        }
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            ownerOnlyStoreFiles(dataDir);
        }
        LOG.info("store ready: {}", description);
        return new Database(ds, dialect, description, jdbcUrl == null || jdbcUrl.isBlank());
    }

    /**
     * The patience of a background writer's {@link #durableTogether} (the lifecycle's workers, the audit trail's
     * writer): under load another writer's write carries its work to the file well within it; when the server is
     * otherwise idle its work reaches the file this much later than its commit.
     */
    public static final java.time.Duration BACKGROUND_PATIENCE = java.time.Duration.ofMillis(20);

    /**
     * Runs {@code work}, whose handles' releases on the embedded store do not wait for the file one by one: it returns
     * once everything committed in it is in the file ({@link H2GroupCommit}). For a background worker that commits
     * many small transactions nobody waits for (the lifecycle's steps, the audit trail's events): they reach the
     * file with the next write anybody makes instead of a write each. Elsewhere (PostgreSQL, a store given by URL)
     * it only runs {@code work}.
     */
    public static int durableTogether(java.util.function.IntSupplier work, java.time.Duration patience) {
        return H2GroupCommit.durableTogether(work, patience.toNanos());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String description() {
        return description;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        dataSource.close();
    }

    /** The H2 files (store, lock, trace) are the owner's only; the directory already is. */
    static void ownerOnlyStoreFiles(Path dataDir) {
        try (java.util.stream.Stream<Path> files = Files.list(dataDir)) {
            files.filter(f -> f.getFileName().toString().startsWith("roma-local.") && Files.isRegularFile(f))
                    .forEach(OwnerOnly::createdFile);
        } catch (java.io.IOException e) {
            LOG.warn("cannot list the data directory {} ({})", dataDir, Redact.describe(e));
        }
    }

    /** Hides a password given in the URL itself. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * Why the store cannot be opened, for the operator: a network failure's message ("Connection refused"), but of
     * a database error only its class and SQLState (its text may carry bound values).
     */
    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        if (Redact.sqlState(t) != null || c instanceof java.sql.SQLException) {
            return Redact.describe(t);
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": "
                + c.getMessage();
    }
}
