package dev.romalocal.iam;

import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.CoherentCache;

import java.util.Optional;

/** Projects by id, cached coherently with the store (projects change only when the identity is applied). */
public final class ProjectDirectory {
    private final IamStore store;
    private final CoherentCache<String, IamStore.ProjectRow> cache;

    public ProjectDirectory(IamStore store, ChangeFeed feed) {
        this.store = store;
        this.cache = CoherentCache.ofSize(10_000, feed::live);
        feed.onChange(ChangeFeed.Kind.PROJECT, cache::invalidate);
        feed.onReset(cache::clear);
    }

    /** The project, from memory when cached, else from the store. */
    public Optional<IamStore.ProjectRow> find(String projectId) {
        return Optional.ofNullable(cache.get(projectId, id -> store.project(id).orElse(null)));
    }

    /** The caches, by name (metrics: docs/metrics.md). */
    public java.util.Map<String, CoherentCache<?, ?>> caches() {
        return java.util.Map.of("projects", cache);
    }
}
