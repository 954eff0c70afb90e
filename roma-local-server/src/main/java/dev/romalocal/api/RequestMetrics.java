package dev.romalocal.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The request meters (docs/metrics.md): {@code roma_local_http_requests_seconds{operation,status}} (a histogram:
 * its {@code _count} counts requests) and {@code roma_local_auth_failures_total{kind,reason}}.
 *
 * <p>The hot path does no tag work: each route's meters hang off a per-route slot found by identity, and within it
 * the timer of a status is found in a short array (a route answers few distinct statuses); only the first request
 * of a (route, status) pair registers its timer.
 */
final class RequestMetrics {
    /** The histogram's buckets: from half a millisecond (a cached read) to ten seconds. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** The operation label of requests no route matched (404, 405, malformed requests). */
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    /** Read-only after construction: safe to read from any thread. */
    private final Map<Route, Slot> byRoute = new IdentityHashMap<>();
    private final Slot unmatched;
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry, List<Route> routes) {
        this.registry = registry;
        for (Route r : routes) {
            byRoute.put(r, new Slot(r.operation()));
        }
        this.unmatched = new Slot(UNMATCHED);
    }

    /** One route's timers by status, copied on write (a new status is rare; reads take no lock). */
    private final class Slot {
        private final String operation;
        private volatile int[] statuses = new int[0];
        private volatile Timer[] timers = new Timer[0];

        Slot(String operation) {
            this.operation = operation;
        }

        Timer timer(int status) {
            int[] s = statuses;
            Timer[] t = timers;
            for (int i = 0; i < s.length && i < t.length; i++) {
                if (s[i] == status) {
                    return t[i];
                }
            }
            return add(status);
        }

        private synchronized Timer add(int status) {
            int[] s = statuses;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == status) {
                    return timers[i];
                }
            }
            Timer timer = Timer.builder("roma.local.http.requests")
                    .description("requests answered, by operation (the route's) and status; latency in seconds")
                    .tags("operation", operation, "status", Integer.toString(status))
                    .serviceLevelObjectives(BUCKETS).register(registry);
            int[] ns = java.util.Arrays.copyOf(s, s.length + 1);
            Timer[] nt = java.util.Arrays.copyOf(timers, s.length + 1);
            ns[s.length] = status;
            nt[s.length] = timer;
            timers = nt; // timers first: a reader that sees the new statuses sees the new timers
            statuses = ns;
            return timer;
        }
    }

    /** One answered request: {@code route} null when none matched. */
    void record(Route route, int status, long nanos) {
        Slot slot = route == null ? unmatched : byRoute.get(route);
        if (slot == null) {
            slot = unmatched;
        }
        slot.timer(status).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A refused credential (401) or permission (403), by the catalogue code it was answered with. */
    void authFailure(int status, String errorCode) {
        String kind = status == 401 ? "authentication" : "authorization";
        String reason = errorCode == null ? "none" : errorCode;
        authFailures.computeIfAbsent(kind + " " + reason, k -> Counter.builder("roma.local.auth.failures")
                .description("refused credentials (401, authentication) and permissions (403, authorization), by "
                        + "the error_code answered").tags("kind", kind, "reason", reason).register(registry))
                .increment();
    }
}
