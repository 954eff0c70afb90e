package dev.romalocal.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The access log: one stdout line per request, in the same format as the other log lines. The request path only
 * enqueues a small record (never blocks, never wakes a thread: when the queue is full the line is dropped and
 * counted); a background thread formats lines and writes them in batches, and flushes whenever it has caught up
 * (so a line reaches stdout within about {@value #IDLE_MILLIS} ms).
 *
 * <p>Why not Logback: {@code System.out} flushes every line (a write system call per request), which measured at
 * 30% of the hot path's throughput on one core (docs/architecture.md). Batching removes that cost.
 */
final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final long IDLE_MILLIS = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    record Entry(long epochMillis, String method, String path, int status, long micros, String requestId,
                 String user) {
    }

    private final boolean enabled;
    private static final int CAPACITY = 65_536;
    /** Lock-free and never signalled: the writer wakes on its own, so a request never wakes a thread. */
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean closed;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
        this.out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        this.writer = new Thread(this::drain, "access-log");
        this.writer.setDaemon(true);
        if (enabled) {
            writer.start();
        }
    }

    /** Whether {@code ROMA_LOCAL_ACCESS_LOG} (the access logger's level) lets access lines through. */
    static boolean enabledByConfiguration() {
        return LoggerFactory.getLogger("access").isInfoEnabled();
    }

    void record(String method, String path, int status, long startNanos, String requestId, String user) {
        if (!enabled) {
            return;
        }
        long micros = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1000;
        if (size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(new Entry(System.currentTimeMillis(), method, path, status, micros, requestId,
                user == null ? "-" : user));
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(1024);
        StringBuilder sb = new StringBuilder(64 * 1024);
        long lastSecond = -1;
        String secondPrefix = "";
        while (!closed || !queue.isEmpty()) {
            try {
                Entry next;
                while (batch.size() < 4096 && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                size.addAndGet(-batch.size());
                if (!batch.isEmpty()) {
                    for (Entry e : batch) {
                        long second = e.epochMillis() / 1000;
                        if (second != lastSecond) {
                            lastSecond = second;
                            String t = TIME.format(Instant.ofEpochMilli(second * 1000));
                            secondPrefix = t.substring(0, t.length() - 5); // without ".000Z"
                        }
                        sb.append(secondPrefix).append('.');
                        long ms = e.epochMillis() % 1000;
                        if (ms < 100) {
                            sb.append(ms < 10 ? "00" : "0");
                        }
                        sb.append(ms).append("Z INFO  access ").append(e.method()).append(' ').append(e.path())
                                .append(' ').append(e.status()).append(' ').append(e.micros()).append("us rid=")
                                .append(e.requestId()).append(" user=").append(e.user()).append('\n');
                    }
                    batch.clear();
                    long lost = dropped.getAndSet(0);
                    if (lost > 0) {
                        sb.append(TIME.format(Instant.now())).append(" WARN  access ").append(lost)
                                .append(" access log line(s) dropped: the writer fell behind\n");
                    }
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
                if (queue.isEmpty()) {
                    out.flush();
                    if (!closed) {
                        Thread.sleep(IDLE_MILLIS);
                    }
                }
            } catch (InterruptedException e) {
                closed = true;
            } catch (IOException e) {
                LOG.warn("access log: {}", e.toString());
            }
        }
        try {
            out.flush();
        } catch (IOException e) {
            // stdout is gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
