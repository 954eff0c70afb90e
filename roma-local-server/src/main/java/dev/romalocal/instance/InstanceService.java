package dev.romalocal.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The writes of instances: the control API's upserts and removals, the update extension, and the history. What a
 * document leaves out is filled in by {@link InstanceDefaults}; subnets and public addresses are {@link Subnets};
 * the wire views and their prepared bytes live in {@code instance.view.InstanceViews}.
 */
public final class InstanceService {
    private final InstanceStore store;
    private final AddressAllocator allocator;
    private final InstanceDefaults defaults;
    private final Subnets subnets;
    private final LongSupplier now;
    private final String node;
    private final StatusWriter writer;

    /**
     * @param now             the lifecycle clock (epoch ms): creation and update times come from it
     * @param regionOfProject a project id's region (its project name, e.g. cn-north-4), used for generated AZs
     * @param node            this server process, as the history names it
     */
    public InstanceService(InstanceStore store, SubnetStore subnetStore, LongSupplier now,
                           Function<String, String> regionOfProject, String node) {
        this.store = store;
        this.allocator = new AddressAllocator(subnetStore);
        this.defaults = new InstanceDefaults(allocator, now, regionOfProject);
        this.subnets = new Subnets(subnetStore, allocator);
        this.now = now;
        this.node = node;
        this.writer = new StatusWriter(store, allocator, node);
    }

    /** The generated values of new instances. */
    public InstanceDefaults defaults() {
        return defaults;
    }

    /** Known subnets and public addresses. */
    public Subnets subnets() {
        return subnets;
    }

    /** The writer of every status change of these instances. */
    public StatusWriter writer() {
        return writer;
    }

    public InstanceStore store() {
        return store;
    }

    public String node() {
        return node;
    }

    /** The instance with this id in this project, or 404 {@code APIC.7302}. Reads the store. */
    public Instance get(String projectId, String instanceId) {
        return store.find(instanceId)
                .map(InstanceStore.Stored::instance)
                .filter(i -> i.projectId().equals(projectId))
                .orElseThrow(() -> new ApiException(ErrorCode.INSTANCE_NOT_FOUND));
    }

    /** One document of an upsert batch. */
    public record Upsert(String projectId, String instanceId, JsonNode document) {
        /**
         * Documents to upsert, read one at a time (a seed streamed from a file). It may be read more than once:
         * a transaction that lost a race is run again from the start.
         */
        @FunctionalInterface
        public interface Source {
            void forEach(java.util.function.Consumer<Upsert> each);
        }
    }

    /**
     * Creates or replaces an instance from an APIC-detail document (control API, seed files). Fields the document
     * does not give get realistic generated values; addresses come from the subnet's allocator.
     */
    public Instance upsert(String projectId, String instanceId, JsonNode document, String callerUserId) {
        return upsertAll(List.of(new Upsert(projectId, instanceId, document)), callerUserId).get(0);
    }

    /**
     * Upserts many documents in one transaction: a bad document (named by the caller's index, or by its id) or a
     * conflict anywhere (an id used in another project, ...) fails the call and leaves the store as it was.
     */
    public List<Instance> upsertAll(List<Upsert> upserts, String callerUserId) {
        List<Instance.Builder> parsed = new ArrayList<>(upserts.size());
        List<Long> createTimes = new ArrayList<>(upserts.size());
        for (Upsert u : upserts) {
            InstanceDocument.Parsed p = InstanceDocument.parse(u.document());
            parsed.add(builderFor(u, p));
            createTimes.add(p.createTime());
        }
        return store.transaction(h -> store.countingOnce(h, () -> {
            List<Instance> written = new ArrayList<>(parsed.size());
            for (int i = 0; i < parsed.size(); i++) {
                written.add(upsertIn(h, copy(parsed.get(i)), createTimes.get(i), callerUserId));
            }
            return written;
        }));
    }

    /**
     * Upserts every document of {@code source} in one transaction, reading them one at a time: memory stays
     * bounded whatever their number. All or nothing, as {@link #upsertAll(List, String)}; returns how many.
     */
    public int upsertAll(Upsert.Source source, String callerUserId) {
        return store.transaction(h -> store.countingOnce(h, () -> {
            int[] n = {0};
            source.forEach(u -> {
                InstanceDocument.Parsed p = InstanceDocument.parse(u.document());
                upsertIn(h, builderFor(u, p), p.createTime(), callerUserId);
                n[0]++;
            });
            return n[0];
        }));
    }

    private static Instance.Builder builderFor(Upsert u, InstanceDocument.Parsed p) {
        Instance.Builder b = p.builder();
        if (b.id() != null && !b.id().equals(u.instanceId())) {
            throw new InvalidParameterException("id", "differs from the instance id in the path");
        }
        if (b.projectId() != null && !b.projectId().equals(u.projectId())) {
            throw new InvalidParameterException("project_id", "differs from the project id in the path");
        }
        return b.id(Rules.instanceId("id", u.instanceId())).projectId(u.projectId());
    }

    private Instance upsertIn(Handle h, Instance.Builder b, Long createTime, String callerUserId) {
        String instanceId = b.id();
        InstanceStore.Stored existing = store.find(h, instanceId, true).orElse(null);
        if (existing != null && !existing.instance().projectId().equals(b.projectId())) {
            throw new ApiException(ErrorCode.INSTANCE_ID_CONFLICT, instanceId);
        }
        if (existing != null) {
            writer.superseded(h, existing);
        }
        return writer.replaced(h, existing, defaults.materialize(h, b, createTime, callerUserId), "upsert");
    }

    /**
     * {@code PUT /v2/{project_id}/apic/instances/{instance_id}} (extension, modeled on APIG's UpdateInstanceV2):
     * name, description, maintenance window, security group; only where {@link Action#UPDATE} allows it.
     */
    public Instance update(String projectId, String instanceId, InstanceUpdate u) {
        String end = u.maintainBegin() != null && u.maintainEnd() == null
                ? Rules.maintainEndFor(u.maintainBegin()) : u.maintainEnd();
        return store.transaction(h -> {
            InstanceStore.Stored existing = store.find(h, instanceId, true)
                    .filter(s -> s.instance().projectId().equals(projectId))
                    .orElseThrow(() -> new ApiException(ErrorCode.INSTANCE_NOT_FOUND));
            Instance current = existing.instance();
            Action.UPDATE.require(current);
            Instance.Builder b = current.toBuilder().updateTime(now.getAsLong());
            if (u.instanceName() != null) {
                b.name(u.instanceName());
            }
            if (u.description() != null) {
                b.description(u.description());
            }
            if (u.maintainBegin() != null) {
                b.maintainBegin(u.maintainBegin()).maintainEnd(end);
            }
            if (u.securityGroupId() != null) {
                b.securityGroupId(u.securityGroupId());
            }
            return writer.edited(h, existing, b.build());
        });
    }

    /**
     * CreateFeatureV2: sets a feature of an instance, replacing the setting of the same name (which keeps its id);
     * the feature must be among the instance's {@code supported_features}, and the instance where
     * {@link Action#CONFIGURE} allows it. Returns the feature as stored.
     */
    public Instance.Feature configureFeature(String projectId, String instanceId, FeatureToggle setting) {
        return store.transaction(h -> {
            InstanceStore.Stored existing = store.find(h, instanceId, true)
                    .filter(s -> s.instance().projectId().equals(projectId))
                    .orElseThrow(() -> new ApiException(ErrorCode.INSTANCE_NOT_FOUND));
            Instance current = existing.instance();
            List<String> supported = current.supportedFeatures() == null ? List.of() : current.supportedFeatures();
            if (!supported.contains(setting.name())) {
                throw new InvalidParameterException("name", InstanceDefaults.notSupported(setting.name()));
            }
            Action.CONFIGURE.require(current);
            long at = now.getAsLong();
            Instance.Feature feature = setting.toFeature(instanceId, at);
            List<Instance.Feature> features = new ArrayList<>();
            boolean replaced = false;
            for (Instance.Feature f : current.features() == null ? List.<Instance.Feature>of() : current.features()) {
                if (f.name().equals(feature.name())) {
                    features.add(feature);
                    replaced = true;
                } else {
                    features.add(f);
                }
            }
            if (!replaced) {
                features.add(feature);
            }
            writer.edited(h, existing, current.toBuilder().features(List.copyOf(features)).updateTime(at).build());
            return feature;
        });
    }

    /** Removes every instance, its operation, history and addresses, in the caller's transaction; how many. */
    public int removeAll(Handle h) {
        allocator.releaseAll(h);
        return store.deleteAll(h);
    }

    /** Removes an instance at once (control API); false when there was none in this project. */
    public boolean remove(String projectId, String instanceId) {
        return store.transaction(h -> {
            InstanceStore.Stored existing = store.find(h, instanceId, true).orElse(null);
            if (existing == null || !existing.instance().projectId().equals(projectId)) {
                return false;
            }
            purge(h, existing.instance(), "remove", now.getAsLong());
            return true;
        });
    }

    /** Deletes the instance row, its operation and its addresses, and records that it went away. */
    public void purge(Handle h, Instance instance, String operation, long at) {
        writer.removed(h, instance, operation, at);
    }

    /** The history of an instance (every status change, oldest first). */
    public List<InstanceStore.Event> events(String projectId, String instanceId) {
        List<InstanceStore.Event> events = store.events(instanceId).stream()
                .filter(e -> e.projectId().equals(projectId)).toList();
        if (events.isEmpty()) {
            throw new ApiException(ErrorCode.INSTANCE_NOT_FOUND);
        }
        return events;
    }

    private static Instance.Builder copy(Instance.Builder b) {
        // Builders are mutable; a retried transaction must start again from what the document said.
        return b.build().toBuilder();
    }
}
