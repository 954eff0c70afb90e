package dev.romalocal.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the embedded H2 store: commits that end at about the same time reach the file in one write.
 *
 * <p>H2 with {@code WRITE_DELAY=0} writes a chunk of its file inside every commit, under its store lock: each
 * transaction pays for writing every page it changed and the file's chunk directory, even when other transactions
 * changed the same pages a moment before. Here a commit only ends the transaction in memory (the store's automatic
 * writing is switched off), and the connection's release waits until a write that started after the commit has
 * finished; whichever waiting thread finds no write under way does the write, for itself and everybody who committed
 * before it started. A lone writer pays what it paid before, a write per commit; writers at once share writes. The
 * guarantee is the same: nothing is acknowledged before it is in the file (a handle is released before its request is
 * answered), so an acknowledged write survives kill -9. What changes is that another transaction may read a commit a
 * moment before it is in the file, as with any group commit. Every write waits for a moment when nothing changes the
 * store ({@link WriteGate}): the server's connections are {@link #gated}.
 *
 * <p>A handle that changed nothing (no row of the database changed while it was open) does not wait. Only the
 * server's own store (under its data directory) is taken over; a {@code jdbc:h2:} URL given by the user keeps the
 * settings it names. It uses an internal API of the pinned H2 (2.3.232), as {@link H2Housekeeping} does.
 */
final class H2GroupCommit {
    /** The store's automatic writing, off: H2 writes neither inside a commit nor in a background thread. */
    private static final int NO_AUTOMATIC_WRITES = -1;

    private final org.h2.engine.Database database;
    private final MVStore store;
    /** Writes of the file wait for a moment when nothing changes the store. */
    private final WriteGate gate = new WriteGate();
    /** Unwritten changes (bytes) written between statements, before H2 would write them itself ({@link #gated}). */
    private final int unsavedLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    /** Tickets handed out (one per release that must wait) and the highest one a finished write covers. */
    private long issued;
    private long durable;
    private boolean writing;

    private H2GroupCommit(org.h2.engine.Database database, MVStore store) {
        this.database = database;
        this.store = store;
        this.unsavedLimit = Math.max(1, store.getAutoCommitMemory() / 2);
    }

    /**
     * {@code connection}, its changes passing the gate ({@link GatedConnection}). H2 writes changes not yet written
     * by itself, from inside the statement that makes them reach its limit and outside the gate, so they are written
     * here between statements once they reach half of it (a long transaction: a seed, a snapshot's restore).
     */
    Connection gated(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return new GatedConnection(connection, session, gate, () -> {
            if (store.getUnsavedMemory() > unsavedLimit) {
                writeNow();
            }
        });
    }

    /** Runs {@code work} (H2's compaction, which writes the file) while nothing changes the store. */
    void whileSilent(Runnable work) {
        gate.silently(work);
    }

    private void writeNow() {
        gate.silently(store::commit);
    }

    /**
     * Takes over the writing of the embedded file store behind {@code connection}: from now on H2 writes nothing by
     * itself (neither inside a commit nor in its background writer), and a handle's release writes.
     */
    static H2GroupCommit takeOver(Connection connection) throws SQLException {
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)
                || local.getDatabase().getStore().getMvStore().getFileStore() == null) {
            throw new IllegalStateException("not an embedded H2 file store");
        }
        org.h2.engine.Database database = local.getDatabase();
        MVStore store = database.getStore().getMvStore();
        store.setAutoCommitDelay(NO_AUTOMATIC_WRITES);
        store.commit();  // what the open wrote before (the migrations), with H2's default write delay
        return new H2GroupCommit(database, store);
    }

    /** {@link Database#durableTogether}. */
    static int durableTogether(java.util.function.IntSupplier work, long patienceNanos) {
        if (DEFERRED.get() != null) {
            return work.getAsInt();
        }
        Deferred deferred = new Deferred();
        DEFERRED.set(deferred);
        try {
            return work.getAsInt();
        } finally {
            DEFERRED.remove();
            if (deferred.store != null) {
                deferred.store.awaitDurable(deferred.mark, patienceNanos);
            }
        }
    }

    /** The releases {@link #durableTogether} put off on this thread: the store and the earliest mark. */
    private static final class Deferred {
        H2GroupCommit store;
        long mark;
    }

    private static final ThreadLocal<Deferred> DEFERRED = new ThreadLocal<>();

    /**
     * A handle's release, after its connection went back to the pool: waits for the file, or leaves that to the
     * end of {@link #durableTogether} when this thread runs in one.
     */
    void released(long mark) {
        Deferred deferred = DEFERRED.get();
        if (deferred == null || (deferred.store != null && deferred.store != this)) {
            awaitDurable(mark, 0);
        } else if (deferred.store == null) {
            deferred.store = this;
            deferred.mark = mark;
        } else {
            deferred.mark = Math.min(deferred.mark, mark);  // a handle opened before another, released after it
        }
    }

    /** Where the database's changes stand; taken when a handle opens, compared when it is released. */
    long changeMark() {
        return database.getModificationDataId() + database.getModificationMetaId();
    }

    /**
     * Returns once everything committed before this call is in the file, if anything changed since {@code mark}
     * (a {@link #changeMark()}). It first lets others write for up to {@code patienceNanos}: a write somebody starts
     * in that time covers this call too, and only if none does is the write this call's.
     */
    void awaitDurable(long mark, long patienceNanos) {
        if (changeMark() == mark) {
            return;
        }
        lock.lock();
        try {
            long ticket = ++issued;
            long patience = patienceNanos;
            while (durable < ticket) {
                if (writing) {
                    written.awaitUninterruptibly();
                    continue;
                }
                if (patience > 0) {
                    try {
                        patience = written.awaitNanos(patience);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        patience = 0;
                    }
                    continue;
                }
                writing = true;
                long covered = issued;
                lock.unlock();
                boolean done = false;
                try {
                    writeNow();  // under H2's store lock; writes nothing if nothing is unsaved
                    done = true;
                } finally {
                    lock.lock();
                    writing = false;
                    if (done) {
                        durable = Math.max(durable, covered);
                    }
                    written.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
