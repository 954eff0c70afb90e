package dev.romalocal.store;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache never keeps a value a concurrent change made stale, and serves nothing while not live. */
class CoherentCacheTest {

    @Test
    void aValueLoadedWhileAChangeCommittedIsNotKept() {
        CoherentCache<String, String> cache = CoherentCache.ofSize(100, () -> true);
        // The loader reads the old value; the change commits (and invalidates) before the load finishes.
        String loaded = cache.get("k", k -> {
            cache.invalidate("k");
            return "old";
        });
        assertThat(loaded).isEqualTo("old");
        assertThat(cache.getIfPresent("k")).as("the stale value was dropped").isNull();
        assertThat(cache.get("k", k -> "new")).isEqualTo("new");
        assertThat(cache.getIfPresent("k")).isEqualTo("new");
    }

    @Test
    void aPutAfterAnotherKeysChangeIsAlsoDropped() {
        CoherentCache<String, String> cache = CoherentCache.ofSize(100, () -> true);
        long seen = cache.generation();
        cache.invalidateIf(k -> k.startsWith("p/"));
        cache.put("p/1", "read before the change", seen);
        assertThat(cache.getIfPresent("p/1")).isNull();
        cache.put("p/1", "read after", cache.generation());
        assertThat(cache.getIfPresent("p/1")).isEqualTo("read after");
    }

    @Test
    void invalidationsByValueAndKey() {
        CoherentCache<String, String> cache = CoherentCache.ofSize(100, () -> true);
        cache.put("a", "user-1", cache.generation());
        cache.put("b", "user-2", cache.generation());
        cache.invalidateValuesIf(v -> v.equals("user-1"));
        assertThat(cache.getIfPresent("a")).isNull();
        assertThat(cache.getIfPresent("b")).isEqualTo("user-2");
        cache.clear();
        assertThat(cache.getIfPresent("b")).isNull();
    }

    @Test
    void nothingIsServedOrKeptWhileTheFeedIsNotLive() {
        AtomicBoolean live = new AtomicBoolean(true);
        CoherentCache<String, String> cache = CoherentCache.ofSize(100, live::get);
        cache.put("k", "v", cache.generation());
        live.set(false);
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.get("k", k -> "from the store")).isEqualTo("from the store");
        live.set(true);
        assertThat(cache.getIfPresent("k")).as("the put while not live was not kept").isEqualTo("v");
    }
}
