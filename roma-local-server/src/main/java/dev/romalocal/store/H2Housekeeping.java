package dev.romalocal.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The housekeeping H2 does not do by itself with {@code WRITE_DELAY=0}. Every commit writes a chunk of the file;
 * H2's background writer normally rewrites sparse chunks so that they die and can be dropped, but with a write delay
 * of zero (each commit written by the committing thread before it returns) that thread does not run, and the chunk
 * descriptors H2 keeps in memory grow by about one per commit (bench/README.md, soak). This task does the rewriting
 * every few seconds through {@code MVStore.compact}, under H2's store lock, the lock a commit takes too. Together
 * with {@code RETENTION_TIME=5000} ({@link Database#H2_SETTINGS}) the chunks in memory stay those of the last few
 * seconds. Safe against kill -9 only on an H2 that writes its file header for the newest chunk (2.3.232, pinned;
 * not 2.5.250/2.5.252): docs/architecture.md, "H2 housekeeping". It uses an internal API of the pinned H2; if it
 * ever fails, it logs once and stops, and the store stays correct.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
    /** Chunks filled less than this are rewritten. */
    private static final int TARGET_FILL_RATE = 90;
    /** At most this many bytes are rewritten per round. */
    private static final int BYTES_PER_ROUND = 4 * 1024 * 1024;

    private final DataSource dataSource;
    /** The server's own store: its compaction (which writes the file) waits for a moment when nothing changes. */
    private final H2GroupCommit groupCommit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "h2-housekeeping");
        t.setDaemon(true);
        return t;
    });

    H2Housekeeping(DataSource dataSource, long periodMillis, H2GroupCommit groupCommit) {
        this.dataSource = dataSource;
        this.groupCommit = groupCommit;
        timer.scheduleWithFixedDelay(this::round, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** One round: rewrites sparse chunks (the emptied ones are dropped at a later commit). */
    void round() {
        try (Connection c = dataSource.getConnection()) {
            if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local) {
                MVStore store = local.getDatabase().getStore().getMvStore();
                if (!store.isClosed()) {
                    Runnable compact = () -> store.compact(TARGET_FILL_RATE, BYTES_PER_ROUND);
                    if (groupCommit == null) {
                        compact.run();
                    } else {
                        groupCommit.whileSilent(compact);
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("H2 housekeeping stopped: {}", Redact.describe(e));
            timer.shutdown();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
