package dev.romalocal.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When the embedded H2 store may write its file: only while no commit is under way.
 *
 * <p>H2 writes a chunk from the roots of its maps (a table, an index, a transaction's undo log) taken one after the
 * other, while other sessions go on. A commit changes several maps in turn (its undo log is marked committed, its
 * rows become committed map by map, the undo log is cleared), so a chunk whose roots were taken in the middle of a
 * commit holds part of it: after kill -9 the recovered store has some of that transaction's rows and not others (a
 * history entry missing while its instance moved on, an index without its row, a sequence's reserved range lost).
 * A statement's own changes are safe at any moment: each change is logged for undo before it is made, and H2's
 * recovery rolls back an open transaction whatever part of it the chunk holds.
 *
 * <p>So every JDBC call that commits or rolls back passes the gate ({@link #enter}, {@link #leave}); a write of the
 * file ({@link #silently}) closes it, waits until nobody is inside, writes, and opens it again. A commit that finds
 * the gate closed waits for that write; it never waits for another commit. A call inside the gate could still wait
 * for a row lock (an INSERT, which may commit a sequence's next range inside itself, waiting for a conflicting
 * uncommitted row): if nobody leaves within {@value #PATIENCE_MILLIS} ms the write opens the gate for a moment, so
 * that the commit the call waits for can pass, and tries again.
 */
final class WriteGate {
    static final long PATIENCE_MILLIS = 20;
    private static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(PATIENCE_MILLIS);
    /** How long the gate stays open between two tries of a write that found somebody inside for too long. */
    private static final long REOPENED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicInteger inside = new AtomicInteger();
    /** Calls waiting for the gate to open (they were stopped by the last write). */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** One write at a time (the group commit's writers, the housekeeping). */
    private final ReentrantLock writer = new ReentrantLock();

    /** Before a call that may commit: waits while a write is under way. */
    void enter() {
        while (true) {
            if (closed) {
                awaitOpen();
            }
            inside.incrementAndGet();
            if (!closed) {
                return;
            }
            leave();  // a write closed the gate meanwhile: it goes first
        }
    }

    /** After that call, whatever its outcome. */
    void leave() {
        if (inside.decrementAndGet() == 0 && closed) {
            signal();
        }
    }

    /** Runs {@code write} (a write of the file) at a moment when no call is inside the gate. */
    void silently(Runnable write) {
        writer.lock();
        try {
            awaitQueue();
            while (true) {
                closed = true;
                if (awaitSilence()) {
                    try {
                        write.run();
                    } finally {
                        open();
                    }
                    return;
                }
                open();
                LockSupport.parkNanos(REOPENED_NANOS);
            }
        } finally {
            writer.unlock();
        }
    }

    private boolean awaitSilence() {
        boolean interrupted = false;
        lock.lock();
        try {
            long deadline = System.nanoTime() + PATIENCE_NANOS;
            while (inside.get() != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;  // the write still has to happen: its waiters are acknowledged by it
                }
            }
            return true;
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitOpen() {
        queued.incrementAndGet();
        lock.lock();
        try {
            while (closed) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
            queued.decrementAndGet();
        }
    }

    /**
     * Lets the calls the last write stopped through before the next write closes the gate (for at most
     * {@value #PATIENCE_MILLIS} ms): their commits then reach the file with this write, not one write later each.
     */
    private void awaitQueue() {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (queued.get() > 0 && System.nanoTime() < deadline) {
            Thread.yield();
        }
    }

    private void open() {
        closed = false;
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
