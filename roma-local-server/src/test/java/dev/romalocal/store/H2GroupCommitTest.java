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

    /**
     * H2 writes a chunk from the roots of its maps taken one after the other while other transactions go on, so a
     * chunk taken in the middle of another transaction's commit holds part of that commit, which kill -9 then leaves
     * in the file (a history entry gone while its instance moved on). The store's writes wait for a moment when no
     * statement, commit or rollback is under way ({@link WriteGate}). Here transactions that move the same key of two
     * tables on by one run on 8 threads while the file is copied again and again (what kill -9 would leave at that
     * moment): every copy must hold whole transactions only, each table the same counted by its index or by a scan.
     */
    @Test
    void everyCopyOfTheFileTakenWhileWritersCommitHoldsWholeTransactions() throws Exception {
        int threads = 4;
        int keys = 64;
        try (Backend.Store store = Backend.H2.fresh();
             Database db = Database.open(store.dataDir(), null, null, null, threads)) {
            db.jdbi().useHandle(h -> {
                for (String t : List.of("pair_a", "pair_b")) {
                    h.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, v INT NOT NULL)");
                    h.execute("CREATE INDEX " + t + "_v ON " + t + " (v)");
                    for (int k = 0; k < keys; k++) {
                        h.execute("INSERT INTO " + t + " VALUES (?, 0)", k);
                    }
                }
                h.execute("CREATE TABLE pair_mark (n INT)");
                h.execute("INSERT INTO pair_mark VALUES (0)");
            });
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<String> broken = new ArrayList<>();
            int copies = 0;
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    // The writers' own waits for the file are put off until they stop: every write meanwhile is
                    // this test's, taken while they commit, and the file holds that write until the next one.
                    writers.add(pool.submit(() -> Database.durableTogether(() -> {
                        for (int n = first; !stop.get(); n += threads) {
                            int key = n % keys;
                            db.jdbi().useTransaction(h -> {
                                h.execute("UPDATE pair_a SET v = v + 1 WHERE id = ?", key);
                                h.execute("UPDATE pair_b SET v = v + 1 WHERE id = ?", key);
                            });
                            committed.incrementAndGet();
                        }
                        return 0;
                    }, Duration.ZERO)));
                }
                long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (System.nanoTime() < end) {
                    copies++;
                    int copy = copies;
                    db.jdbi().useHandle(h -> h.execute("UPDATE pair_mark SET n = ?", copy));
                    String problem = pairsInFileCopy(store.dataDir(), keys);
                    if (problem != null) {
                        broken.add("copy " + copies + ": " + problem);
                    }
                }
                stop.set(true);
                for (Future<?> f : writers) {
                    f.get();
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
            assertThat(copies).as("copies taken").isGreaterThan(20);
            assertThat(committed.get()).as("transactions committed while the copies were taken")
                    .isGreaterThan(copies * 10);
            assertThat(broken).as("copies holding part of a transaction, of %d", copies).isEmpty();
        }
    }

    /** A copy of the store's file as it is on disk now: null if it holds whole transactions, else what is wrong. */
    private static String pairsInFileCopy(Path dataDir, int keys) throws Exception {
        Path copy = Files.createTempDirectory("rl-group-commit");
        try {
            Files.copy(dataDir.resolve("roma-local.mv.db"), copy.resolve("copy.mv.db"));
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("copy"), "sa", "");
                 Statement s = c.createStatement()) {
                List<String> wrong = new ArrayList<>();
                // By the primary key (the table's own map), by the index on v, and the pairs that disagree.
                String[] checks = {
                        "SELECT COUNT(*) FROM pair_a WHERE id >= 0",
                        "SELECT COUNT(*) FROM pair_a WHERE v >= 0",
                        "SELECT COUNT(*) FROM pair_b WHERE id >= 0",
                        "SELECT COUNT(*) FROM pair_b WHERE v >= 0",
                        "SELECT COUNT(*) FROM pair_a a JOIN pair_b b ON a.id = b.id AND a.v = b.v"};
                for (String check : checks) {
                    try (ResultSet rs = s.executeQuery(check)) {
                        rs.next();
                        if (rs.getInt(1) != keys) {
                            wrong.add(check + " -> " + rs.getInt(1));
                        }
                    }
                }
                s.execute("SHUTDOWN");
                return wrong.isEmpty() ? null : String.join("; ", wrong);
            }
        } finally {
            TempDirs.delete(copy);
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
