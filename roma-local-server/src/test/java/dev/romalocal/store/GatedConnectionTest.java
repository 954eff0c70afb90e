package dev.romalocal.store;

import dev.romalocal.testing.Backend;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GatedConnection}: which statements pass the gate, and statements and transactions keep their meaning. */
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
            "SELECT id FROM projects WHERE id = :p FOR UPDATE | WRITE",
            "select id from tasks for update skip locked | WRITE",
            "UPDATE tasks SET due_at = 1 | WRITE",
            "delete from tasks | WRITE",
            "INSERT INTO instance_events (at) VALUES (1) | WRITE",
            "MERGE INTO t KEY (id) VALUES (1) | WRITE",
            "CREATE TABLE t (id INT) | WRITE",
            "SELECT NEXT VALUE FOR s | WRITE",
            "SELECT * FROM FINAL TABLE (INSERT INTO t VALUES (1)) | WRITE",
            "'' | WRITE"})
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

    /**
     * A statement waiting for a row lock is inside the gate but changes nothing: another handle's write of the file
     * goes ahead meanwhile (else it would wait for the lock's holder, whose commit waits for the write).
     */
    @Test
    void aStatementWaitingForARowLockHoldsNoWriteBack() throws Exception {
        try (Backend.Store store = Backend.H2.fresh();
             Database db = Database.open(store.dataDir(), null, null, null, 4)) {
            db.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE locked (id INT PRIMARY KEY, v INT NOT NULL)");
                h.execute("CREATE TABLE other (id INT PRIMARY KEY)");
                h.execute("INSERT INTO locked VALUES (1, 0)");
            });
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var holder = pool.submit(() -> {
                    db.jdbi().useTransaction(h -> {
                        h.execute("UPDATE locked SET v = 1 WHERE id = 1");
                        holding.countDown();
                        assertThat(release.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    });
                    return null;
                });
                assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                var waiter = pool.submit(() -> db.jdbi().withHandle(h ->
                        h.execute("UPDATE locked SET v = 2 WHERE id = 1")));
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")
                        .mapTo(Integer.class).one()) == 0) {
                    assertThat(System.nanoTime()).as("the waiter blocked on the row").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                // The waiter is inside the gate, blocked on the row: writes must go ahead meanwhile.
                java.util.concurrent.Future<?> writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        int id = i;
                        db.jdbi().useHandle(h -> h.execute("INSERT INTO other VALUES (?)", id));
                    }
                });
                writer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(waiter.isDone()).as("the waiter still waits for the lock").isFalse();
                release.countDown();
                holder.get(30, java.util.concurrent.TimeUnit.SECONDS);
                waiter.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
            int v = db.jdbi().withHandle(h -> h.createQuery("SELECT v FROM locked").mapTo(Integer.class).one());
            assertThat(v).isEqualTo(2);
        }
    }
}
