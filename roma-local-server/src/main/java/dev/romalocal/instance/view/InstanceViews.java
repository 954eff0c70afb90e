package dev.romalocal.instance.view;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.CoarseStatus;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.json.Json;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.CoherentCache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The read views of instances as the wire serves them, and their prepared bytes: the APIC detail (the founding
 * page), the restriction view and the platform list. Prepared bytes, list counts and list pages are cached
 * coherently with the store (see {@link CoherentCache}); a miss reads the store.
 */
public final class InstanceViews {
    /** Status filters of the platform list: the coarse statuses plus the values the real API documents. */
    private static final Map<String, Set<CoarseStatus>> STATUS_FILTERS = Map.ofEntries(
            Map.entry("CREATING", EnumSet.of(CoarseStatus.CREATING)),
            Map.entry("CREATE_FAILED", EnumSet.of(CoarseStatus.CREATE_FAILED)),
            Map.entry("ERROR", EnumSet.of(CoarseStatus.ERROR)),
            Map.entry("RUNNING", EnumSet.of(CoarseStatus.RUNNING)),
            Map.entry("FREEZING", EnumSet.of(CoarseStatus.FREEZING)),
            Map.entry("FROZEN", EnumSet.of(CoarseStatus.FROZEN)),
            Map.entry("DELETING", EnumSet.of(CoarseStatus.DELETING)),
            Map.entry("DELETE_FALIED", EnumSet.of(CoarseStatus.DELETE_FALIED)),
            Map.entry("DELETE_FAILED", EnumSet.of(CoarseStatus.DELETE_FALIED)),
            Map.entry("DELETED", EnumSet.noneOf(CoarseStatus.class)),
            Map.entry("SOFT_DELETED", EnumSet.noneOf(CoarseStatus.class)));

    /**
     * Bytes the hot paths serve for an instance, prepared once per stored version: the APIC detail always, the
     * list item when a list needed it (null until then).
     */
    record Prepared(String projectId, long version, byte[] apicDetail, byte[] listItem) {
        int weight() {
            return 96 + apicDetail.length + (listItem == null ? 0 : listItem.length);
        }
    }

    /** A cached count of a list filter. */
    private record CountKey(String projectId, String status, String id) {
    }

    /**
     * A cached page of a list: the platform list ({@code view} "v2", {@code filter} the id), the V3 list ("v3",
     * {@code filter} the category) or the MQS list ("mqs", every instance).
     */
    private record PageKey(String view, String projectId, String status, String filter, int offset, int limit) {
    }

    private final InstanceService instances;
    private final InstanceStore store;
    private final CoherentCache<String, Prepared> prepared;
    private final CoherentCache<CountKey, Integer> counts;
    private final CoherentCache<PageKey, byte[]> pages;
    /** Stored instances for the instance-scoped views (features, tags, quotas, MQS) and the V3 and MQS lists. */
    private final CoherentCache<String, InstanceStore.Stored> stored;

    /** @param cacheBytes how many bytes of prepared views (and a quarter as much of list pages) to keep */
    public InstanceViews(InstanceService instances, long cacheBytes) {
        this.instances = instances;
        this.store = instances.store();
        ChangeFeed feed = store.feed();
        this.prepared = CoherentCache.ofWeight(cacheBytes, Prepared::weight, feed::live);
        this.counts = CoherentCache.ofSize(10_000, feed::live);
        this.pages = CoherentCache.ofWeight(Math.max(1, cacheBytes / 4), b -> 64 + b.length, feed::live);
        this.stored = CoherentCache.ofWeight(Math.max(1, cacheBytes / 4), s -> weight(s.instance()), feed::live);
        feed.onChange(ChangeFeed.Kind.INSTANCE, prepared::invalidate);
        feed.onChange(ChangeFeed.Kind.INSTANCE, stored::invalidate);
        feed.onChange(ChangeFeed.Kind.PROJECT_INSTANCES, project -> {
            counts.invalidateIf(k -> k.projectId().equals(project));
            pages.invalidateIf(k -> k.projectId().equals(project));
        });
        feed.onChange(ChangeFeed.Kind.ALL_INSTANCES, all -> clearCaches());
        feed.onReset(this::clearCaches);
    }

    private void clearCaches() {
        prepared.clear();
        counts.clear();
        pages.clear();
        stored.clear();
    }

    /** About how many bytes an instance takes in memory: a base, plus what its lists hold. */
    static int weight(Instance i) {
        long w = 4096;
        if (i.features() != null) {
            for (Instance.Feature f : i.features()) {
                w += 160 + 2L * (f.config() == null ? 0 : f.config().length());
            }
        }
        if (i.tags() != null) {
            for (String t : i.tags()) {
                w += 48 + 2L * t.length();
            }
        }
        if (i.listeners() != null) {
            w += 256L * i.listeners().size();
        }
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    /**
     * The instance with this id in this project, for the instance-scoped views: from memory when cached, else
     * from the store (on a thread that must not block: {@code Blocking.Needed}); 404 {@code APIC.7302} when there
     * is none in this project.
     */
    public Instance instance(String projectId, String instanceId) {
        InstanceStore.Stored s = stored.get(instanceId, id -> store.find(id).orElse(null));
        if (s == null || !s.instance().projectId().equals(projectId)) {
            throw new ApiException(ErrorCode.INSTANCE_NOT_FOUND);
        }
        return s.instance();
    }

    /**
     * The APIC detail view's JSON bytes: from memory when prepared, else from the store (which, on a thread that
     * must not block, throws {@code Blocking.Needed} instead).
     */
    public byte[] apicDetail(String projectId, String instanceId) {
        Prepared p = prepared.get(instanceId, id -> store.find(id).map(s -> prepare(s, false)).orElse(null));
        if (p == null) {
            throw new ApiException(ErrorCode.INSTANCE_NOT_FOUND);
        }
        return inProject(p, projectId).apicDetail();
    }

    private static Prepared inProject(Prepared p, String projectId) {
        if (!p.projectId().equals(projectId)) {
            throw new ApiException(ErrorCode.INSTANCE_NOT_FOUND);
        }
        return p;
    }

    static Prepared prepare(InstanceStore.Stored s, boolean withListItem) {
        Instance i = s.instance();
        return new Prepared(i.projectId(), s.version(), Json.wireBytes(ApicDetailView.of(i)),
                withListItem ? Json.wireBytes(PlatformListItemView.of(i)) : null);
    }

    public RestrictionView restriction(String projectId, String instanceId) {
        Instance i = instances.get(projectId, instanceId);
        String resourceCidr = resourceSubnetCidr(i.id());
        return new RestrictionView(List.of("127.0.0.1/32", resourceCidr), resourceCidr);
    }

    /**
     * The ROMA resource tenant's subnet of an instance: {@code 172.(16-31).X.0/24}, derived from the instance id
     * (documented in docs/api.md).
     */
    public static String resourceSubnetCidr(String instanceId) {
        byte[] b = UUID.nameUUIDFromBytes(instanceId.getBytes(StandardCharsets.UTF_8)).toString()
                .getBytes(StandardCharsets.US_ASCII);
        int h = java.util.Arrays.hashCode(b);
        return "172." + (16 + Math.floorMod(h, 16)) + "." + Math.floorMod(h >> 4, 256) + ".0/24";
    }

    /**
     * The platform list as JSON bytes: {@code {"total", "size", "instances": [...]}}. The count of a filter and the
     * items' bytes come from memory when they can; the page of ids always from the store.
     *
     * @param status null for every status; else a coarse status (or a documented alias)
     * @param id     null, or only this instance
     */
    public byte[] list(String projectId, String status, String id, int offset, int limit) {
        checkStatusFilter(status);
        return pages.get(new PageKey("v2", projectId, status, id, offset, limit),
                k -> listFromStore(projectId, status, id, offset, limit));
    }

    /**
     * ListRomaInstancesV3 as JSON bytes: {@code {"total", "size", "instances": [...]}}, newest first, paginated as
     * the platform list. Pages come from memory when they can.
     *
     * @param status   null, or a coarse status (the platform list's values)
     * @param category null, or one of {@link V3ListItemView#CATEGORIES}
     */
    public byte[] v3List(String projectId, String status, String category, int offset, int limit) {
        checkStatusFilter(status);
        if (category != null && !V3ListItemView.CATEGORIES.contains(category)) {
            throw new InvalidParameterException("category", "must be one of "
                    + String.join(", ", V3ListItemView.CATEGORIES));
        }
        return pages.get(new PageKey("v3", projectId, status, category, offset, limit),
                k -> v3ListFromStore(projectId, status, category, offset, limit));
    }

    private byte[] v3ListFromStore(String projectId, String status, String category, int offset, int limit) {
        Set<CoarseStatus> statuses = status == null ? null : STATUS_FILTERS.get(status);
        List<Instance> page = new ArrayList<>();
        int total = 0;
        if (statuses == null || !statuses.isEmpty()) {
            if (category == null) {
                total = counts.get(new CountKey(projectId, status, null), k -> store.count(projectId, statuses, null));
                if (offset < total) {
                    page = instancesOf(store.page(projectId, statuses, null, offset, limit));
                }
            } else {
                // The category is the edition, which only the document holds: every match is read, then paged.
                List<Instance> all = instancesOf(store.page(projectId, statuses, null, 0, Integer.MAX_VALUE)).stream()
                        .filter(i -> V3ListItemView.category(i).equals(category)).toList();
                total = all.size();
                page = Pages.slice(all, offset, limit);
            }
        }
        return listBytes("{\"total\":" + total + ",\"size\":" + page.size() + ",\"instances\":[",
                page.stream().map(i -> Json.wireBytes(V3ListItemView.of(i))).toList(), "]}");
    }

    /**
     * ListMqsInstance as JSON bytes: {@code {"instances": [...], "instance_num"}}, one Kafka view per instance of
     * the project, newest first (the real API takes no paging parameters).
     */
    public byte[] mqsList(String projectId) {
        return pages.get(new PageKey("mqs", projectId, null, null, 0, 0), k -> {
            List<byte[]> items = instancesOf(store.page(projectId, null, null, 0, Integer.MAX_VALUE)).stream()
                    .map(i -> Json.wireBytes(MqsInstanceView.of(i))).toList();
            return listBytes("{\"instances\":[", items, "],\"instance_num\":" + items.size() + "}");
        });
    }

    /** Instances of a page of ids, in its order: cached ones whose version is current reused, the rest read. */
    private List<Instance> instancesOf(List<InstanceStore.IdVersion> page) {
        Map<String, Instance> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (InstanceStore.IdVersion iv : page) {
            InstanceStore.Stored s = stored.getIfPresent(iv.id());
            if (s != null && s.version() == iv.version()) {
                found.put(iv.id(), s.instance());
            } else {
                missing.add(iv.id());
            }
        }
        for (int from = 0; from < missing.size(); from += 500) {
            long generation = stored.generation();
            for (InstanceStore.Stored s : store.findAll(missing.subList(from, Math.min(missing.size(), from + 500)))) {
                stored.put(s.instance().id(), s, generation);
                found.put(s.instance().id(), s.instance());
            }
        }
        List<Instance> out = new ArrayList<>(page.size());
        for (InstanceStore.IdVersion iv : page) {
            Instance i = found.get(iv.id());
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** {@code head}, the items separated by commas, then {@code tail}. */
    private static byte[] listBytes(String head, List<byte[]> items, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + items.size() * 800);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void checkStatusFilter(String status) {
        if (status != null && !STATUS_FILTERS.containsKey(status)) {
            throw new InvalidParameterException("status", "must be one of " + String.join(", ",
                    new java.util.TreeSet<>(STATUS_FILTERS.keySet())));
        }
    }

    private byte[] listFromStore(String projectId, String status, String id, int offset, int limit) {
        Set<CoarseStatus> statuses = status == null ? null : STATUS_FILTERS.get(status);
        List<byte[]> items = new ArrayList<>();
        int total = 0;
        if (statuses == null || !statuses.isEmpty()) {
            Set<CoarseStatus> filter = statuses;
            total = counts.get(new CountKey(projectId, status, id), k -> store.count(projectId, filter, id));
            if (offset < total) {
                items = pageBytes(store.page(projectId, statuses, id, offset, limit));
            }
        }
        return listBytes("{\"total\":" + total + ",\"size\":" + items.size() + ",\"instances\":[", items, "]}");
    }

    /** The list-item bytes of a page, prepared ones reused when their version is current. */
    private List<byte[]> pageBytes(List<InstanceStore.IdVersion> page) {
        Map<String, byte[]> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (InstanceStore.IdVersion iv : page) {
            Prepared p = prepared.getIfPresent(iv.id());
            if (p != null && p.version() == iv.version() && p.listItem() != null) {
                found.put(iv.id(), p.listItem());
            } else {
                missing.add(iv.id());
            }
        }
        if (!missing.isEmpty()) {
            long generation = prepared.generation();
            for (InstanceStore.Stored s : store.findAll(missing)) {
                Prepared p = prepare(s, true);
                prepared.put(s.instance().id(), p, generation);
                found.put(s.instance().id(), p.listItem());
            }
        }
        List<byte[]> out = new ArrayList<>(page.size());
        for (InstanceStore.IdVersion iv : page) {
            byte[] item = found.get(iv.id());
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    /** The caches, by name (metrics: docs/metrics.md). */
    public java.util.Map<String, dev.romalocal.store.CoherentCache<?, ?>> caches() {
        return java.util.Map.of("instance_views", prepared, "instance_counts", counts, "list_pages", pages,
                "instances", stored);
    }
}
