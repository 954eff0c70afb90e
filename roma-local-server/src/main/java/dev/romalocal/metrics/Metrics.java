package dev.romalocal.metrics;

import dev.romalocal.store.CoherentCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters (docs/metrics.md), one registry per server (several servers in one JVM do not mix), exposed
 * by {@code GET /_roma_local/metrics} in the Prometheus text format. The request meters live in the HTTP adapter,
 * the lifecycle's in its engine, the pool's in HikariCP; this class adds the JVM's and the caches'.
 */
public final class Metrics implements AutoCloseable {
    /** The content type of {@link #scrape()}: the Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** The JVM's meters, bound by {@link #bindJvmInBackground} (a scrape waits for them). */
    private final java.util.concurrent.CompletableFuture<Void> jvmBound = new java.util.concurrent.CompletableFuture<>();

    /**
     * Binds the JVM's meters (memory, GC, threads, classes, CPU, uptime, file descriptors) off the calling thread:
     * the server calls it a little after it listens, because binding them loads and initializes ~50 ms of classes
     * that the first requests do not need. Idempotent; {@link #scrape} starts it and waits for it.
     */
    public void bindJvmInBackground() {
        synchronized (jvmBound) {
            if (bindingStarted) {
                return;
            }
            bindingStarted = true;
        }
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            gc.bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        }).whenComplete((v, e) -> {
            if (e != null) {
                jvmBound.completeExceptionally(e);
            } else {
                jvmBound.complete(null);
            }
        });
    }

    private boolean bindingStarted;

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        bindJvmInBackground();
        jvmBound.join();
        return registry.scrape();
    }

    /**
     * Hits and misses of named caches: {@code roma_local_cache_requests_total{cache,result}}, the hit ratio since
     * start {@code roma_local_cache_hit_ratio{cache}} and the entries held {@code roma_local_cache_entries{cache}}.
     */
    public void caches(Map<String, CoherentCache<?, ?>> caches) {
        caches.forEach((name, cache) -> {
            FunctionCounter.builder("roma.local.cache.requests", cache, CoherentCache::hits)
                    .description("cache lookups, by result").tags("cache", name, "result", "hit").register(registry);
            FunctionCounter.builder("roma.local.cache.requests", cache, CoherentCache::misses)
                    .description("cache lookups, by result").tags("cache", name, "result", "miss").register(registry);
            Gauge.builder("roma.local.cache.hit.ratio", cache, Metrics::hitRatio)
                    .description("hits / lookups since start (NaN before the first lookup)").tag("cache", name)
                    .register(registry);
            Gauge.builder("roma.local.cache.entries", cache, CoherentCache::size)
                    .description("entries held (estimate)").tag("cache", name).register(registry);
        });
    }

    /** A gauge read when scraped (e.g. a count from the store: a scrape runs on a worker thread). */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    private static double hitRatio(CoherentCache<?, ?> cache) {
        long hits = cache.hits();
        long all = hits + cache.misses();
        return all == 0 ? Double.NaN : (double) hits / all;
    }

    @Override
    public void close() {
        boolean started;
        synchronized (jvmBound) {
            started = bindingStarted;
            bindingStarted = true;   // never after close
        }
        if (started) {
            jvmBound.exceptionally(e -> null).join();   // so that the GC listener it adds is removed below
        } else {
            jvmBound.complete(null);   // never bound: a scrape after close must not wait for it
        }
        gc.close();
        registry.close();
    }
}
