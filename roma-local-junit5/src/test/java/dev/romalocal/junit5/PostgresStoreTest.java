package dev.romalocal.junit5;

import dev.romalocal.client.RomaLocalControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension on PostgreSQL (the machine's: 127.0.0.1:5432, database test, user postgres, or
 * {@code ROMA_LOCAL_TEST_PG_URL}): the server gets a fresh schema, dropped when it stops. Running the whole module
 * with {@code -Droma.local.jdbc.url=...} puts every other test class on PostgreSQL the same way.
 */
class PostgresStoreTest {
    static final String URL = System.getenv().getOrDefault("ROMA_LOCAL_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("ROMA_LOCAL_TEST_PG_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("ROMA_LOCAL_TEST_PG_PASSWORD", "");

    @RegisterExtension
    static final RomaLocalExtension ROMA = RomaLocalExtension.builder().jdbc(URL, USER, PASSWORD)
            .instance("pg-1", "Running", "ROMA_BASIC").build();

    private static String schema;

    @Test
    void theServerRunsOnAFreshSchema(RomaLocalServer server, RomaLocalControl control) throws SQLException {
        assertThat(server.storeKind()).isEqualTo("postgresql");
        assertThat(control.health().path("store").asText()).isEqualTo("postgresql");
        String url = server.server().settings().store().jdbcUrl();
        assertThat(url).contains("currentSchema=rl_");
        schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        assertThat(schemaExists(schema)).isTrue();
        assertThat(control.instance("pg-1")).hasValueSatisfying(i -> assertThat(i.spec()).isEqualTo("ROMA_BASIC"));
        control.upsertInstance("pg-2", Map.of("status", "Frozen"));
        assertThat(control.instance("pg-2")).isPresent();
    }

    @AfterAll
    static void schemaStaysUntilTheServerStops() throws SQLException {
        // The server (and its schema) goes with the class's context, after this method.
        assertThat(schemaExists(schema)).isTrue();
    }

    static boolean schemaExists(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
             PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The schema is dropped when the server stops. */
    @Test
    void aStoppedServersSchemaIsDropped() throws SQLException {
        RomaLocalServer server = RomaLocalServer.start(
                new RomaLocalServer.Database(URL, USER, PASSWORD, null, URL), s -> s);
        String url = server.server().settings().store().jdbcUrl();
        String own = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        assertThat(schemaExists(own)).isTrue();
        server.close();
        assertThat(schemaExists(own)).isFalse();
    }
}
