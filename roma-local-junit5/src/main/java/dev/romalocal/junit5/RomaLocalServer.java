package dev.romalocal.junit5;

import dev.romalocal.RomaLocal;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalCredentials;
import dev.romalocal.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A ROMA Local server started in this JVM for tests, with a store of its own: H2 in a temporary directory, or a
 * fresh schema of a PostgreSQL database. Knows its endpoint and credentials and holds a ready
 * {@link RomaLocalControl}; {@link #close()} stops it and removes its store. {@link RomaLocalExtension} starts
 * these; they can also be used without JUnit:
 *
 * <pre>{@code
 * try (RomaLocalServer roma = RomaLocalServer.start(settings -> settings.lifecycleProfile("instant"))) {
 *     roma.control().upsertInstance("orders-1", Map.of("status", "Running"));
 *     ... roma.endpoint() ...
 * }
 * }</pre>
 *
 * <p>The store: H2, unless the system property {@code roma.local.jdbc.url} names a PostgreSQL database (with
 * {@code roma.local.jdbc.user}, default {@code postgres}, and {@code roma.local.jdbc.password}), which runs every
 * such server of the JVM on PostgreSQL.
 */
public final class RomaLocalServer implements AutoCloseable {
    /** System property: run the servers on this database instead of H2 (each in a fresh schema). */
    public static final String JDBC_URL_PROPERTY = "roma.local.jdbc.url";
    public static final String JDBC_USER_PROPERTY = "roma.local.jdbc.user";
    public static final String JDBC_PASSWORD_PROPERTY = "roma.local.jdbc.password";

    private static final Logger LOG = LoggerFactory.getLogger(RomaLocalServer.class);
    /** One HTTP client for every control client of the JVM: its threads are shared, not one set per server. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final RomaLocal server;
    private final Path dataDir;
    private final Database database;
    private final URI endpoint;
    private final RomaLocalCredentials credentials;
    private final RomaLocalControl control;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private RomaLocalServer(RomaLocal server, Path dataDir, Database database) {
        this.server = server;
        this.dataDir = dataDir;
        this.database = database;
        this.endpoint = URI.create(server.endpoint());
        Settings.Identity id = server.settings().identity();
        this.credentials = new RomaLocalCredentials(id.domainName(), id.projectId(), id.projectName(),
                id.adminUser(), id.adminPassword(), id.accessKey(), id.secretKey());
        this.control = RomaLocalControl.builder().endpoint(endpoint).credentials(credentials).httpClient(HTTP)
                .build();
    }

    /** A server on port 0 with the command line's defaults and a store of its own. */
    public static RomaLocalServer start() {
        return start(UnaryOperator.identity());
    }

    /**
     * A server on port 0 with a store of its own; {@code configure} may change any setting
     * ({@code settings -> settings.lifecycleProfile("instant").instanceQuota(5)}).
     */
    public static RomaLocalServer start(UnaryOperator<Settings.Builder> configure) {
        return start(Database.fromSystemProperties(), configure);
    }

    /** The same on this database (a fresh schema when it is PostgreSQL); null: H2. */
    static RomaLocalServer start(Database database, UnaryOperator<Settings.Builder> configure) {
        Path dir;
        try {
            dir = Files.createTempDirectory("roma-local-junit-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for the store", e);
        }
        Database db = null;
        try {
            Settings.Builder settings = Settings.builder().port(0).dataDir(dir);
            if (database != null) {
                db = database.fresh();
                settings.jdbc(db.url(), db.user(), db.password());
            }
            RomaLocal server = RomaLocal.start(configure.apply(settings).build());
            return new RomaLocalServer(server, dir, db);
        } catch (RuntimeException e) {
            if (db != null) {
                db.drop();
            }
            deleteTree(dir);
            throw e;
        }
    }

    /** The server itself (its settings, its port, its built-in identity). */
    public RomaLocal server() {
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The built-in identity: account, project, admin user and password, AK/SK. */
    public RomaLocalCredentials credentials() {
        return credentials;
    }

    /** A control client signed with the admin's access key. */
    public RomaLocalControl control() {
        return control;
    }

    /** The account (domain) id of the built-in identity (IAM clients of the SDK need it). */
    public String domainId() {
        return server.identity().domainId();
    }

    /** {@code h2} or {@code postgresql}. */
    public String storeKind() {
        return server.settings().store().jdbcUrl() == null ? "h2" : "postgresql";
    }

    /**
     * An official SDK client configured for this server, made once: {@code client(RomaClient.class)} (AK/SK and the
     * built-in project) or {@code client(IamClient.class)} (AK/SK and the account). Needs the SDK on the class path.
     */
    public <T> T client(Class<T> type) {
        return type.cast(clients.computeIfAbsent(type.getName(), name -> SdkClients.create(name, this)));
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops the server and removes its store (the temporary directory, the PostgreSQL schema). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } finally {
            if (database != null) {
                database.drop();
            }
            deleteTree(dataDir);
        }
    }

    @Override
    public String toString() {
        return "RomaLocalServer[" + endpoint + ", " + storeKind() + "]";
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove the test store {}: {}", dir, e.toString());
        }
    }

    /**
     * A database to run on: the URL as given, or for PostgreSQL a fresh schema of it per server
     * ({@code currentSchema=rl_<random>}), dropped when the server stops.
     */
    record Database(String url, String user, String password, String schema, String baseUrl) {
        static Database fromSystemProperties() {
            String url = System.getProperty(JDBC_URL_PROPERTY);
            if (url == null || url.isBlank()) {
                return null;
            }
            return new Database(url.trim(), System.getProperty(JDBC_USER_PROPERTY, "postgres"),
                    System.getProperty(JDBC_PASSWORD_PROPERTY, ""), null, url.trim());
        }

        boolean postgres() {
            return url.startsWith("jdbc:postgresql:");
        }

        Database fresh() {
            if (!postgres()) {
                return this;
            }
            String schema = "rl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                    .toLowerCase(Locale.ROOT);
            exec("CREATE SCHEMA " + schema);
            return new Database(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password,
                    schema, url);
        }

        void drop() {
            if (schema != null) {
                try {
                    exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (RuntimeException e) {
                    LOG.warn("could not drop the test schema {}: {}", schema, e.getMessage());
                }
            }
        }

        private void exec(String sql) {
            try (Connection c = DriverManager.getConnection(baseUrl, user, password);
                 Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach the test database " + baseUrl + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Database[" + url + ", user " + user + "]";
        }
    }
}
