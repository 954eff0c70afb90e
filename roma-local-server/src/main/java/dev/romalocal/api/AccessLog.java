package dev.romalocal.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The access log: one event per request on the SLF4J logger {@value #LOGGER} (INFO), so the binding decides where it
 * goes: the executable writes it to stdout as text or JSON (logging.LogConfigurator), an application or test that
 * embeds the server routes it as it routes its own logs. The message is the text line
 * ({@code GET /path 200 123us rid=... user=...}); the same facts are the event's key-value pairs ({@code request_id},
 * {@code operation}, {@code method}, {@code path}, {@code status}, {@code latency_ms}, {@code principal}) for a
 * structured layout. Nothing secret: the path without its query, the user name.
 *
 * <p>The request path only enqueues a small record (never blocks, never wakes a thread, never formats: when the
 * queue is full the line is dropped and counted); a background thread logs the records in batches, and marks the last
 * line of each batch with the marker {@value #FLUSH_MARKER}, which the executable's appender flushes on
 * (logging.BatchedStdoutAppender): a line reaches stdout within about {@value #IDLE_MILLIS} ms, and stdout is written
 * once per batch rather than once per request (a write system call per request measured at 30% of the hot path's
 * throughput on one core, docs/architecture.md).
 */
final class AccessLog implements AutoCloseable {
    /** The access log's logger name: its level (INFO or OFF) turns the log on or off. */
    static final String LOGGER = "dev.romalocal.access";
    /** The marker of the last line of a batch: an appender that buffers may flush there. */
    static final String FLUSH_MARKER = "ROMA_LOCAL_FLUSH";
    private static final Logger ACCESS = LoggerFactory.getLogger(LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final Marker FLUSH = MarkerFactory.getMarker(FLUSH_MARKER);
    private static final long IDLE_MILLIS = 50;

    record Entry(String method, String path, String operation, int status, long micros, String requestId,
                 String user) {
    }

    private final boolean enabled;
    private static final int CAPACITY = 65_536;
    /** Lock-free and never signalled: the writer wakes on its own, so a request never wakes a thread. */
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
        this.writer = new Thread(this::drain, "access-log");
        this.writer.setDaemon(true);
        if (enabled) {
            writer.start();
        }
    }

    /** Whether the access logger's level (ROMA_LOCAL_ACCESS_LOG in the executable) lets access lines through. */
    static boolean enabledByConfiguration() {
        return ACCESS.isInfoEnabled();
    }

    void record(String method, String path, String operation, int status, long nanos, String requestId,
                String user) {
        if (!enabled) {
            return;
        }
        if (size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(new Entry(method, path, operation, status, nanos / 1000, requestId, user == null ? "-" : user));
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(1024);
        StringBuilder sb = new StringBuilder(256);
        while (!closed || !queue.isEmpty()) {
            try {
                Entry next;
                while (batch.size() < 4096 && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                size.addAndGet(-batch.size());
                long lost = dropped.getAndSet(0);
                for (int i = 0; i < batch.size(); i++) {
                    log(batch.get(i), sb, i == batch.size() - 1);
                }
                batch.clear();
                if (lost > 0) {
                    LOG.warn("{} access log line(s) dropped: the writer fell behind", lost);
                }
                if (queue.isEmpty() && !closed) {
                    Thread.sleep(IDLE_MILLIS);
                }
            } catch (InterruptedException e) {
                closed = true;
            } catch (RuntimeException e) {
                batch.clear();
                LOG.warn("access log: {}", e.toString());
            }
        }
    }

    private static void log(Entry e, StringBuilder sb, boolean last) {
        sb.setLength(0);
        sb.append(e.method()).append(' ').append(e.path()).append(' ').append(e.status()).append(' ')
                .append(e.micros()).append("us rid=").append(e.requestId()).append(" user=").append(e.user());
        org.slf4j.spi.LoggingEventBuilder b = ACCESS.atInfo();
        if (last) {
            b = b.addMarker(FLUSH);
        }
        b.addKeyValue("request_id", e.requestId()).addKeyValue("operation", e.operation())
                .addKeyValue("method", e.method()).addKeyValue("path", e.path()).addKeyValue("status", e.status())
                .addKeyValue("latency_ms", e.micros() / 1000.0).addKeyValue("principal", e.user())
                .log(sb.toString());
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
