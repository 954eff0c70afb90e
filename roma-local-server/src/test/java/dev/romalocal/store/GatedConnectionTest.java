package dev.romalocal.store;

import dev.romalocal.testing.Backend;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GatedConnection}: which statements pass the gate, and auto-commit updates keep their meaning. */
class GatedConnectionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SELECT id FROM instances WHERE id = :id | READ",
            "  select count(*) from t | READ",
            "(SELECT 1) UNION (SELECT 2) | READ",
            "/* a comment */ SELECT 1 | READ",
            "-- a line\\nSELECT 1 | READ",
            "WITH x AS (SELECT 1) SELECT * FROM x | READ",
            "SELECT update_time FROM instances | READ",
            "SELECT id FROM projects WHERE id = :p FOR UPDATE | LOCKING",
            "select id from tasks for update skip locked | LOCKING",
            "UPDATE tasks SET due_at = 1 | LOCKING",
            "delete from tasks | LOCKING",
            "INSERT INTO instance_events (at) VALUES (1) | OTHER",
            "MERGE INTO t KEY (id) VALUES (1) | OTHER",
            "CREATE TABLE t (id INT) | OTHER",
            "SELECT NEXT VALUE FOR s | OTHER",
            "SELECT * FROM FINAL TABLE (INSERT INTO t VALUES (1)) | OTHER",
            "'' | OTHER"})
    void aStatementsKindComesFromItsFirstWord(String sql, GatedConnection.Kind kind) {
        assertThat(GatedConnection.kind(sql.replace("\\n", "\n"))).isEqualTo(kind);
    }

    @Test
    void anAutoCommitUpdateCommitsAndAFailedOneLeavesNothing() throws Exception {
        try (Backend.Store store = Backend.H2.fresh();
             Database db = Database.open(store.dataDir(), null, null, null, 2)) {
            db.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE gated (id INT PRIMARY KEY, v INT NOT NULL)");
                h.execute("INSERT INTO gated VALUES (1, 1), (2, 2), (3, 3)");
            });
            db.jdbi().useHandle(h -> {
                int updated = h.execute("UPDATE gated SET v = v + 10");
                assertThat(updated).isEqualTo(3);
                assertThat(h.getConnection().getAutoCommit()).isTrue();
            });
            // Row 2 fails half-way through the statement: none of its rows change.
            assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("UPDATE gated SET v = 10 / (v - 12)")))
                    .isInstanceOf(UnableToExecuteStatementException.class);
            db.jdbi().useHandle(h -> {
                assertThat(h.getConnection().getAutoCommit()).as("back in auto-commit mode").isTrue();
                assertThat(h.createQuery("SELECT SUM(v) FROM gated").mapTo(Integer.class).one()).isEqualTo(36);
            });
            // A transaction's own updates are its own: rolled back with it.
            assertThatThrownBy(() -> db.jdbi().useTransaction(h -> {
                h.execute("UPDATE gated SET v = 0");
                throw new IllegalStateException("abandoned");
            })).isInstanceOf(IllegalStateException.class);
            int sum = db.jdbi().withHandle(h -> h.createQuery("SELECT SUM(v) FROM gated").mapTo(Integer.class).one());
            assertThat(sum).as("after the abandoned transaction").isEqualTo(36);
        }
    }
}
