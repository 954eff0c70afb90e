package dev.romalocal.store;

import dev.romalocal.testing.Backend;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema's start-up short cuts ({@link Schema}): the build's template and index agree with the migration
 * scripts, a new embedded store is made from the template, a current store skips Flyway, and anything else still
 * goes through Flyway, on both stores.
 */
class SchemaTest {

    @Test
    void theIndexListsEveryScriptOfEachStoreInFlywaysOrder() throws Exception {
        // Flyway's own resolution of the scripts, on an empty database: what it would apply, in order.
        org.h2.jdbcx.JdbcDataSource empty = new org.h2.jdbcx.JdbcDataSource();
        empty.setURL("jdbc:h2:mem:schema-index;DB_CLOSE_DELAY=-1");
        assertThat(Arrays.stream(Schema.flyway(empty, Database.Dialect.H2).info().pending())
                .map(i -> i.getVersion().getVersion()).toList()).isEqualTo(Schema.bundled(Database.Dialect.H2));
        Path classes = Path.of(Schema.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Database.Dialect d : Database.Dialect.values()) {
            assertThat(Schema.bundled(d)).as(d.name() + ": the index is not stale")
                    .isEqualTo(Schema.versions(classes, d)).isNotEmpty();
        }
        assertThat(Schema.bundled(Database.Dialect.H2)).as("the H2-only script runs on H2 only").contains("5.1");
        assertThat(Schema.bundled(Database.Dialect.POSTGRES)).doesNotContain("5.1");
        exec(empty, "SHUTDOWN");
    }

    @Test
    void theTemplatesHistoryValidatesAgainstTheScriptsAndNothingIsPending() throws Exception {
        try (Backend.Store store = Backend.H2.fresh()) {
            Path file = store.dataDir().resolve("roma-local.mv.db");
            assertThat(Schema.fromTemplate(file)).isTrue();
            org.h2.jdbcx.JdbcDataSource ds = h2(store.dataDir());
            var flyway = Schema.flyway(ds, Database.Dialect.H2);
            // Flyway's own check: every applied script's checksum matches the bundled script (an edited
            // migration fails here), and no bundled script is left to apply.
            flyway.validate();
            assertThat(flyway.info().pending()).isEmpty();
            assertThat(Arrays.stream(flyway.info().applied()).map(MigrationInfo::getVersion)
                    .map(Object::toString).toList()).isEqualTo(Schema.bundled(Database.Dialect.H2));
            shutdown(ds);
        }
    }

    @Test
    void aNewEmbeddedStoreIsTheTemplateAndIsNotMigratedAgain() throws Exception {
        try (Backend.Store store = Backend.H2.fresh()) {
            try (Database db = Database.open(store.dataDir(), null, null, null, 2)) {
                assertThat(Schema.applied(db.dataSource())).isEqualTo(Schema.bundled(Database.Dialect.H2));
                assertThat(Schema.migrate(db.dataSource(), Database.Dialect.H2)).as("current: short cut").isZero();
                int instances = db.jdbi().withHandle(h -> h.select("SELECT COUNT(*) FROM instances")
                        .mapTo(Integer.class).one());
                assertThat(instances).isZero();
            }
            assertThat(Files.list(store.dataDir()).map(p -> p.getFileName().toString()).toList())
                    .as("no copy left behind").noneMatch(n -> n.endsWith(".template"));
            // A store that exists is never replaced by the template.
            assertThat(Schema.fromTemplate(store.dataDir().resolve("roma-local.mv.db"))).isFalse();
        }
    }

    @Test
    void aStoreMissingAMigrationOrWithAFailedOneGoesThroughFlyway() throws Exception {
        try (Backend.Store store = Backend.H2.fresh()) {
            Schema.fromTemplate(store.dataDir().resolve("roma-local.mv.db"));
            org.h2.jdbcx.JdbcDataSource ds = h2(store.dataDir());
            // A store from before V6 (the project counts), holding instances in two projects.
            exec(ds, "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '6'");
            exec(ds, "DROP TABLE instance_counts");
            exec(ds, "INSERT INTO instances (id, project_id, coarse_status, create_time, version, doc) VALUES "
                    + "('a', 'p1', 'RUNNING', 1, 1, '{}'), ('b', 'p1', 'RUNNING', 2, 1, '{}'), "
                    + "('c', 'p2', 'RUNNING', 3, 1, '{}')");
            assertThat(Schema.applied(ds)).isNotEqualTo(Schema.bundled(Database.Dialect.H2));
            assertThat(Schema.migrate(ds, Database.Dialect.H2)).as("the missing one is applied").isEqualTo(1);
            assertThat(Schema.applied(ds)).isEqualTo(Schema.bundled(Database.Dialect.H2));
            List<String> counts = org.jdbi.v3.core.Jdbi.create(ds).withHandle(h -> h.select(
                    "SELECT project_id || '=' || instances FROM instance_counts ORDER BY project_id")
                    .mapTo(String.class).list());
            assertThat(counts).as("the migration counted the instances there").containsExactly("p1=2", "p2=1");

            exec(ds, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '6'");
            assertThat(Schema.applied(ds)).as("a failed migration is never current").isEmpty();
            shutdown(ds);
        }
    }

    @Test
    void onPostgresqlANewSchemaIsMigratedOnceThenCurrent() throws Exception {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            var st = store.settings().store();
            try (Database db = Database.open(store.dataDir(), st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword(), 2)) {
                assertThat(Schema.applied(db.dataSource())).isEqualTo(Schema.bundled(Database.Dialect.POSTGRES));
                assertThat(Schema.migrate(db.dataSource(), Database.Dialect.POSTGRES)).isZero();
            }
            assertThat(Files.exists(store.dataDir().resolve("roma-local.mv.db"))).as("no H2 template copied")
                    .isFalse();
        }
    }

    private static org.h2.jdbcx.JdbcDataSource h2(Path dir) {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(Database.h2FileUrl(dir.resolve("roma-local")));
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    private static void exec(javax.sql.DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void shutdown(javax.sql.DataSource ds) throws Exception {
        exec(ds, "SHUTDOWN");
    }
}
