package dev.romalocal.api;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The access log's per-request cost: {@link AccessLog#record} as {@code HttpApi.answered} calls it after every
 * answer (one small record enqueued on a lock-free queue; formatting and writing happen on the log's own thread).
 *
 * <p>Logging is set up as in the executable: the jar registers the server's {@code logging.LogConfigurator} (as
 * the shaded server jar does), so the access logger is INFO, non-additive, on the {@code BatchedStdoutAppender}
 * with the text layout, and the real writer thread drains the queue in batches. One change: that appender's
 * stream is swapped for a 64 KiB buffer over a null sink, so the lines are formatted and encoded but not written to
 * the benchmark's stdout.
 *
 * <p>A tight loop enqueues far faster than the writer formats lines, so the queue would fill within milliseconds
 * and the rest of the run would measure the path that drops lines. Each invocation therefore records a batch of
 * {@value #BATCH} requests and, before the next, waits (outside the measurement) until the writer has taken them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLogBench {
    static final int BATCH = 1000;

    AccessLog log;
    AtomicInteger queued;
    String method = "GET";
    String path = "/v2/0123456789abcdef0123456789abcdef/apic/instances/4ec3a2b8-2d7e-4c51-9d5e-1f0a7b3c9e21";
    String operation = "ShowDetailsOfInstanceV2";
    String requestId = HttpApi.newRequestId();
    String user = "admin";
    long nanos = 183_000;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("Logback is not the SLF4J binding");
        }
        ch.qos.logback.classic.Logger access = context.getLogger(AccessLog.LOGGER);
        if (!(access.getAppender("ACCESS") instanceof OutputStreamAppender<ILoggingEvent> batched)
                || !batched.getClass().getName().equals("dev.romalocal.logging.BatchedStdoutAppender")) {
            throw new IllegalStateException("the server's LogConfigurator did not set up the access log");
        }
        batched.setOutputStream(new BufferedOutputStream(OutputStream.nullOutputStream(), 64 * 1024));
        if (!AccessLog.enabledByConfiguration()) {
            throw new IllegalStateException("the access log is off (ROMA_LOCAL_ACCESS_LOG?)");
        }
        log = new AccessLog(true);
        java.lang.reflect.Field f = AccessLog.class.getDeclaredField("size");
        f.setAccessible(true);
        queued = (AtomicInteger) f.get(log);
    }

    /** Waits until the writer has taken the previous batch off the queue (not measured). */
    @Setup(Level.Invocation)
    public void drained() throws InterruptedException {
        while (queued.get() > 0) {
            Thread.sleep(1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        log.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void record() {
        for (int i = 0; i < BATCH; i++) {
            log.record(method, path, operation, 200, nanos, requestId, user);
        }
    }
}
