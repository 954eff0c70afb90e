package dev.romalocal.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A bounded cache (Caffeine) that stays coherent with the store: entries are dropped when the {@link ChangeFeed}
 * reports a committed change, and a value loaded while a change was being committed is never kept (every
 * invalidation bumps a generation; a load that saw the generation move discards what it put). While the feed is
 * not live (a node lost its notification connection) the cache is bypassed: correct without it.
 *
 * <p>Caffeine's upkeep (replaying reads for eviction, evicting) runs on the thread that triggers it, a few
 * microseconds amortized over many reads, instead of being handed to the common pool: that hand-off wakes a pool
 * thread, which on a server given one core takes its time from the event loop.
 */
public final class CoherentCache<K, V> {
    private final Cache<K, V> cache;
    private final AtomicLong generation = new AtomicLong();
    private final BooleanSupplier live;
    /** Lookups answered from the cache, and not (metrics: docs/metrics.md). */
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private CoherentCache(Cache<K, V> cache, BooleanSupplier live) {
        this.cache = cache;
        this.live = live;
    }

    /** A cache of at most {@code maxEntries} entries. */
    public static <K, V> CoherentCache<K, V> ofSize(long maxEntries, BooleanSupplier live) {
        return new CoherentCache<>(Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxEntries).build(), live);
    }

    /** A cache of at most {@code maxWeight} units, each value weighing {@code weigher} units. */
    public static <K, V> CoherentCache<K, V> ofWeight(long maxWeight, ToIntFunction<V> weigher,
                                                      BooleanSupplier live) {
        return new CoherentCache<>(Caffeine.newBuilder().executor(Runnable::run).maximumWeight(maxWeight)
                .<K, V>weigher((k, v) -> weigher.applyAsInt(v)).build(), live);
    }

    /** The cached value, or null (never touches the store). */
    public V getIfPresent(K key) {
        V v = live.getAsBoolean() ? cache.getIfPresent(key) : null;
        (v == null ? misses : hits).increment();
        return v;
    }

    /** Lookups answered from the cache since it was made. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups the cache could not answer (absent, or bypassed while the change feed is not live). */
    public long misses() {
        return misses.sum();
    }

    /**
     * The cached value, else the loader's (kept unless a change raced it); null when the loader finds none. On a
     * thread that must not block, a miss throws {@link Blocking.Needed} instead of loading.
     */
    public V get(K key, Function<K, V> loader) {
        V v = getIfPresent(key);
        if (v != null) {
            return v;
        }
        Blocking.check();
        long seen = generation.get();
        v = loader.apply(key);
        put(key, v, seen);
        return v;
    }

    /** The generation to pass to {@link #put(Object, Object, long)}: read it before reading the store. */
    public long generation() {
        return generation.get();
    }

    /** Keeps a value read from the store after {@code seenGeneration} was read, unless a change came since. */
    public void put(K key, V value, long seenGeneration) {
        if (value == null || !live.getAsBoolean()) {
            return;
        }
        cache.put(key, value);
        if (generation.get() != seenGeneration) {
            cache.invalidate(key);
        }
    }

    public void invalidate(K key) {
        generation.incrementAndGet();
        cache.invalidate(key);
    }

    public void invalidateIf(Predicate<K> keys) {
        generation.incrementAndGet();
        cache.asMap().keySet().removeIf(keys);
    }

    public void invalidateValuesIf(Predicate<V> values) {
        generation.incrementAndGet();
        cache.asMap().values().removeIf(values);
    }

    public void clear() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }

    public long size() {
        return cache.estimatedSize();
    }
}
