package dev.romalocal.iam;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Password checks (PBKDF2, slow by design) on a small pool of their own, so that a flood of logins, right or
 * wrong, takes at most that pool's cores and never the threads or the CPU every other route needs.
 *
 * <p>At most {@code threads + queue} checks are admitted at once; a request beyond that is refused at once with
 * {@link Throttled} (429 {@code APIGW.0308}, {@code Retry-After}), before it costs a store read or a hash. An
 * admitted caller waits for its turn, which the bound keeps short, and never longer than {@code maxWait}.
 */
public final class PasswordChecks {
    private final ThreadPoolExecutor pool;
    private final Semaphore admission;
    private final int limit;
    private final long maxWaitNanos;

    public PasswordChecks(int threads, int queue, Duration maxWait) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("threads must be >= 1 and queue >= 0");
        }
        AtomicInteger n = new AtomicInteger();
        // The admission semaphore bounds the queue; the executor's own queue never holds more than it lets in.
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "roma-local-password-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
        this.limit = threads + queue;
        this.admission = new Semaphore(limit);
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Half the cores (at least one) hash; four checks per hashing thread may wait; none waits over 5 s. */
    public static PasswordChecks forThisMachine() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new PasswordChecks(threads, 4 * threads, Duration.ofSeconds(5));
    }

    /** How many checks may be admitted at once. */
    public int limit() {
        return limit;
    }

    /** Admits one login, or throws {@link Throttled} when {@link #limit()} are already admitted. */
    public Ticket admit() {
        if (!admission.tryAcquire()) {
            throw new Throttled(limit);
        }
        return new Ticket();
    }

    /** One admitted login: its password checks run on the pool; close it to let the next one in. */
    public final class Ticket implements AutoCloseable {
        private boolean closed;

        private Ticket() {
        }

        /** {@link PasswordHasher#verify} on the pool; {@link Throttled} if it could not run in time. */
        public boolean verify(String password, String stored) {
            return onPool(() -> PasswordHasher.verify(password, stored));
        }

        /** {@link PasswordHasher#hash} on the pool (a password set through the API); {@link Throttled} if late. */
        public String hash(String password) {
            return onPool(() -> PasswordHasher.hash(password));
        }

        private <T> T onPool(java.util.concurrent.Callable<T> work) {
            Future<T> check = pool.submit(work);
            try {
                return check.get(maxWaitNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                check.cancel(true);
                throw new Throttled(limit);
            } catch (InterruptedException e) {
                check.cancel(true);
                Thread.currentThread().interrupt();
                throw new Throttled(limit);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                admission.release();
            }
        }
    }

    /** Too many logins at once: 429 {@code APIGW.0308}; the client should retry after {@link #retryAfterSeconds}. */
    public static final class Throttled extends ApiException {
        Throttled(int limit) {
            super(ErrorCode.THROTTLED, limit);
        }

        public int retryAfterSeconds() {
            return 1;
        }
    }
}
