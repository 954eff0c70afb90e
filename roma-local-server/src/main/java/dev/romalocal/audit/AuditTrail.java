package dev.romalocal.audit;

import dev.romalocal.store.Database;
import dev.romalocal.store.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records audit events without making a request wait for the store: {@link #record} queues the event (never
 * blocks, safe on the event loop) and one writer thread stores queued events in batches. Reading the trail first
 * waits for what this node has queued ({@link #flush}), so a caller reads its own requests. Events older than the
 * retention are deleted as the writer goes.
 *
 * <p>The queue is bounded; were the store to fall that far behind, further events are counted and the count is
 * logged, rather than holding requests or memory.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int QUEUE = 100_000;
    private static final int BATCH = 500;
    private static final long PURGE_EVERY_MILLIS = 60_000;

    private final AuditStore store;
    private final Clock clock;
    private final Duration retention;
    private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object progress = new Object();
    private final Thread writer;
    /** Queued by {@link #close()} so that the writer wakes at once instead of at the end of its poll. */
    private static final AuditEvent WAKE = new AuditEvent(-1, 0, null, null, null, null, null, null, null, 0, null,
            null);
    private volatile boolean closing;
    private long lastPurge;

    public AuditTrail(AuditStore store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.writer = new Thread(this::run, "audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The time events are stamped with (the server's clock). */
    public long now() {
        return clock.millis();
    }

    /** Queues an event; never blocks. */
    public void record(AuditEvent event) {
        if (queue.offer(event.bounded())) {
            queued.incrementAndGet();
        } else if (dropped.incrementAndGet() % 10_000 == 1) {
            LOG.warn("audit trail: the store is behind, {} event(s) not recorded so far", dropped.get());
        }
    }

    /** Waits (at most {@code timeout}) until every event queued before this call is stored. */
    public void flush(Duration timeout) {
        long target = queued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (done.get() < target && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public List<AuditEvent> list(String domainId, long before, String result, int limit) {
        flush(Duration.ofSeconds(5));
        purgeIfDue();
        return store.list(domainId, before, result, limit);
    }

    private void run() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                AuditEvent first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    batch.removeIf(e -> e == WAKE);
                    if (!batch.isEmpty()) {
                        write(batch);
                    }
                    batch.clear();
                }
                purgeIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<AuditEvent> batch) {
        // On the embedded store the batch reaches the file with whatever write comes next (a request's, usually)
        // instead of a write of its own: it counts as stored (flush) once it is in the file.
        try {
            Database.durableTogether(() -> {
                insert(batch);
                return batch.size();
            }, Database.BACKGROUND_PATIENCE);
        } catch (RuntimeException e) {
            // Committed (insert handles its own failures), but the file's write failed: the writer goes on.
            LOG.warn("audit trail: {} event(s) may not have reached the store's file: {}", batch.size(),
                    Redact.describe(e));
        }
        done.addAndGet(batch.size());
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void insert(List<AuditEvent> batch) {
        try {
            store.insert(batch);
        } catch (RuntimeException e) {
            // One bad event must not take its batch with it: store them one by one, and count what still fails.
            int lost = 0;
            for (AuditEvent event : batch) {
                try {
                    store.insert(List.of(event));
                } catch (RuntimeException single) {
                    lost++;
                    if (lost == 1) {
                        LOG.warn("audit trail: an event of request {} could not be stored: {}", event.requestId(),
                                Redact.describe(single));
                    }
                }
            }
            if (lost > 0) {
                LOG.warn("audit trail: {} of {} event(s) could not be stored", lost, batch.size());
            }
        }
    }

    private synchronized void purgeIfDue() {
        long now = clock.millis();
        if (now - lastPurge < PURGE_EVERY_MILLIS) {
            return;
        }
        lastPurge = now;
        try {
            int n = store.deleteBefore(now - retention.toMillis());
            if (n > 0) {
                LOG.info("audit trail: {} event(s) older than {} deleted", n, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("audit trail: could not delete old events: {}", Redact.describe(e));
        }
    }

    /** Stores what is queued, then stops the writer. */
    @Override
    public void close() {
        closing = true;
        queue.offer(WAKE);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
