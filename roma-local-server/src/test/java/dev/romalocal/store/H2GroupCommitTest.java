package dev.romalocal.store;

import dev.romalocal.audit.AuditEvent;
import dev.romalocal.audit.AuditStore;
import dev.romalocal.audit.AuditTrail;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The embedded store's group commit ({@link H2GroupCommit}): a write is in the file by the time its handle is released
 * (the file is copied while the store is still open, which is what kill -9 would leave), for one writer and for many
 * at once, and for the audit trail's writer, whose batches wait for other writers' writes first.
 */
class H2GroupCommitTest {

    @Test
    void eachWriteIsInTheFileWhenItsHandleIsReleased() throws Exception {
        try (Backend.Store store = Backend.H2.fresh();
             Database db = Database.open(store.dataDir(), null, null, null, 4)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INT PRIMARY KEY)"));
            for (int i = 1; i <= 3; i++) {
                int id = i;
                db.jdbi().useHandle(h -> h.execute("INSERT INTO probe VALUES (?)", id));
                assertThat(rowsInFileCopy(store.dataDir(), "probe")).as("after write %d", i).isEqualTo(i);
            }
            db.jdbi().useTransaction(h -> {
                h.execute("INSERT INTO probe VALUES (4)");
                h.execute("INSERT INTO probe VALUES (5)");
            });
            assertThat(rowsInFileCopy(store.dataDir(), "probe")).as("after a transaction").isEqualTo(5);
        }
    }

    @Test
    void writesPutOffTogetherAreInTheFileWhenTheyReturn() throws Exception {
        try (Backend.Store store = Backend.H2.fresh();
             Database db = Database.open(store.dataDir(), null, null, null, 4)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INT PRIMARY KEY)"));
            int written = Database.durableTogether(() -> {
                for (int id = 1; id <= 3; id++) {
                    int row = id;
                    db.jdbi().useTransaction(h -> h.execute("INSERT INTO probe VALUES (?)", row));
                }
                return 3;
            }, Duration.ofMillis(20));
            assertThat(rowsInFileCopy(store.dataDir(), "probe")).isEqualTo(written);
        }
    }

    @Test
    void writersAtOnceAllReachTheFileAndNoneWaitsForever() throws Exception {
        int threads = 8;
        int each = 40;
        try (Backend.Store store = Backend.H2.fresh();
             Database db = Database.open(store.dataDir(), null, null, null, threads)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INT PRIMARY KEY)"));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int base = t * each;
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < each; i++) {
                                int id = base + i;
                                db.jdbi().useHandle(h -> h.execute("INSERT INTO probe VALUES (?)", id));
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get();
                    }
                });
            } finally {
                pool.shutdownNow();
            }
            assertThat(rowsInFileCopy(store.dataDir(), "probe")).isEqualTo(threads * each);
        }
    }

    @Test
    void anAuditBatchIsInTheFileWhenAFlushReturns() throws Exception {
        try (Backend.Store store = Backend.H2.fresh();
             Database db = Database.open(store.dataDir(), null, null, null, 4);
             AuditTrail trail = new AuditTrail(new AuditStore(db.jdbi()), Clock.systemUTC(), Duration.ofDays(7))) {
            for (int batch = 1; batch <= 3; batch++) {
                for (int i = 0; i < batch; i++) {
                    trail.record(new AuditEvent(0, trail.now(), "req-" + batch + "-" + i, null, "-", "127.0.0.1",
                            "roma:instances:create", "POST /v1/p/instances", "success", 200, null, null));
                }
                trail.flush(Duration.ofSeconds(10));
                // The writer lets other writes carry its batch for up to 20 ms: the flush waits for that too.
                assertThat(rowsInFileCopy(store.dataDir(), "audit_events")).as("after batch %d", batch)
                        .isEqualTo(batch * (batch + 1) / 2);
            }
        }
    }

    /** Opens a copy of the store's file, as it is on disk now, and counts a table's rows there. */
    private static int rowsInFileCopy(Path dataDir, String table) throws Exception {
        Path copy = Files.createTempDirectory("rl-group-commit");
        try {
            Files.copy(dataDir.resolve("roma-local.mv.db"), copy.resolve("copy.mv.db"));
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("copy"), "sa", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                int rows = rs.getInt(1);
                s.execute("SHUTDOWN");
                return rows;
            }
        } finally {
            TempDirs.delete(copy);
        }
    }
}
