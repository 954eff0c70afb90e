package dev.romalocal.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When the embedded H2 store may write its file: only while no statement changes anything and no commit is under way.
 *
 * <p>H2 writes a chunk from the roots of its maps (a table, an index, a transaction's undo log) taken one after the
 * other, while other sessions go on. A commit changes several maps in turn (its undo log is marked committed, its
 * rows become committed map by map, the undo log is cleared), and so does each change a statement makes (an undo
 * entry, then the row, then each index). A chunk whose roots were taken in the middle of either holds part of it: after
 * kill -9 the recovered store has part of a transaction (a history entry missing while its instance moved on, an index
 * entry without its row), or a change without the undo entry that would roll it back (which the next transaction
 * with the same number then takes for its own).
 *
 * <p>So every JDBC call that can change the store passes the gate ({@link #enter}, {@link #leave}): statements other
 * than plain reads, and the connection's commits and rollbacks. A write of the file ({@link #silently}) closes it,
 * waits until every call inside has left or waits for a row lock (a caller waiting for a lock changes nothing until
 * the lock's holder commits or rolls back, which the closed gate holds back), writes, and opens it again. A call that
 * finds the gate closed waits for that write. As a safety net, a write that finds a call inside for
 * {@value #PATIENCE_MILLIS} ms without it waiting for a lock opens the gate for a moment and tries again.
 */
final class WriteGate {
    static final long PATIENCE_MILLIS = 20;
    private static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(PATIENCE_MILLIS);
    /** How long the gate stays open between two tries of a write that found somebody inside for too long. */
    private static final long REOPENED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often a write looks again whether the calls the last write stopped are through. */
    private static final long QUEUE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** How often a write looks again at the calls inside (one may have started waiting for a lock). */
    private static final long LOOK_AGAIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** A call through the gate: it can tell whether it is waiting for a row lock now. */
    interface Caller {
        boolean waitingForLock();
    }

    private final Set<Caller> inside = ConcurrentHashMap.newKeySet();
    /** Calls waiting for the gate to open (they were stopped by the last write). */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** One write at a time (the group commit's writers, the housekeeping). */
    private final ReentrantLock writer = new ReentrantLock();

    /** Before a call that may change the store: waits while a write is under way. One call at a time per caller. */
    void enter(Caller caller) {
        while (true) {
            if (closed) {
                awaitOpen();
            }
            inside.add(caller);
            if (!closed) {
                return;
            }
            leave(caller);  // a write closed the gate meanwhile: it goes first
        }
    }

    /** After that call, whatever its outcome. */
    void leave(Caller caller) {
        inside.remove(caller);
        if (closed) {
            signal();
        }
    }

    /**
     * Runs {@code write} (a write of the file) at a moment when every call inside the gate, if any, waits for a row
     * lock. Never call it from inside the gate.
     */
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
            while (!silent()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    changed.awaitNanos(Math.min(left, LOOK_AGAIN_NANOS));
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

    /** Whether every call inside waits for a row lock (none changes anything meanwhile). */
    private boolean silent() {
        for (Caller c : inside) {
            if (!c.waitingForLock()) {
                return false;
            }
        }
        return true;
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
            LockSupport.parkNanos(QUEUE_NANOS);
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
