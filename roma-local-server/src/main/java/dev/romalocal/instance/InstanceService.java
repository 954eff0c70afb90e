package dev.romalocal.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import dev.romalocal.json.JsonFields;

/**
 * The rules of instances: the control API's upserts and deletes, the update extension, subnets and generated
 * attributes. The wire views and their prepared bytes live in {@code instance.view.InstanceViews}.
 */
public final class InstanceService {
    /** The instance version new instances report. */
    public static final String DEFAULT_INSTANCE_VERSION = "24.12.0";

    /** The pool public addresses (EIPs) are handed out from. */
    static final String EIP_POOL = "roma-local-eip-pool";
    static final String EIP_POOL_CIDR = "100.85.0.0/16";
    private static final Set<String> UPDATE_FIELDS = Set.of("instance_name", "description", "maintain_begin",
            "maintain_end", "security_group_id");

    private final InstanceStore store;
    private final AddressAllocator allocator;
    private final LongSupplier now;
    private final Function<String, String> regionOfProject;
    private final String node;
    private final StatusWriter writer;

    /**
     * @param now             the lifecycle clock (epoch ms): creation and update times come from it
     * @param regionOfProject a project id's region (its project name, e.g. cn-north-4), used for generated AZs
     * @param node            this server process, as the history names it
     */
    public InstanceService(InstanceStore store, LongSupplier now, Function<String, String> regionOfProject,
                           String node) {
        this.store = store;
        this.allocator = new AddressAllocator(store);
        this.now = now;
        this.regionOfProject = regionOfProject;
        this.node = node;
        this.writer = new StatusWriter(store, node);
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
        return store.transaction(h -> {
            List<Instance> written = new ArrayList<>(parsed.size());
            for (int i = 0; i < parsed.size(); i++) {
                written.add(upsertIn(h, copy(parsed.get(i)), createTimes.get(i), callerUserId));
            }
            return written;
        });
    }

    /**
     * Upserts every document of {@code source} in one transaction, reading them one at a time: memory stays
     * bounded whatever their number. All or nothing, as {@link #upsertAll(List, String)}; returns how many.
     */
    public int upsertAll(Upsert.Source source, String callerUserId) {
        return store.transaction(h -> {
            int[] n = {0};
            source.forEach(u -> {
                InstanceDocument.Parsed p = InstanceDocument.parse(u.document());
                upsertIn(h, builderFor(u, p), p.createTime(), callerUserId);
                n[0]++;
            });
            return n[0];
        });
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
        return writer.replaced(h, existing, materialize(h, b, createTime, callerUserId), "upsert");
    }

    /**
     * {@code PUT /v2/{project_id}/apic/instances/{instance_id}} (extension, modeled on APIG's UpdateInstanceV2):
     * name, description, maintenance window, security group; only where {@link Action#UPDATE} allows it.
     */
    public Instance update(String projectId, String instanceId, JsonNode body) {
        JsonFields f = JsonFields.of(body, "").only(UPDATE_FIELDS);
        String name = Rules.name("instance_name", f.string("instance_name"));
        String description = Rules.description("description", f.string("description"));
        String begin = f.string("maintain_begin");
        String end = f.string("maintain_end");
        if (begin != null && end == null) {
            end = Rules.maintainEndFor(Rules.validBeginHour("maintain_begin", begin));
        } else {
            Rules.maintenanceWindow("maintain_begin", begin, "maintain_end", end);
        }
        String securityGroup = Rules.refId("security_group_id", f.string("security_group_id"));
        String newEnd = end;
        return store.transaction(h -> {
            InstanceStore.Stored existing = store.find(h, instanceId, true)
                    .filter(s -> s.instance().projectId().equals(projectId))
                    .orElseThrow(() -> new ApiException(ErrorCode.INSTANCE_NOT_FOUND));
            Instance current = existing.instance();
            Action.UPDATE.require(current);
            Instance.Builder b = current.toBuilder().updateTime(now.getAsLong());
            if (name != null) {
                b.name(name);
            }
            if (description != null) {
                b.description(description);
            }
            if (begin != null) {
                b.maintainBegin(begin).maintainEnd(newEnd);
            }
            if (securityGroup != null) {
                b.securityGroupId(securityGroup);
            }
            return writer.edited(h, existing, b.build());
        });
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

    /**
     * Makes a subnet's CIDR known. A subnet already known keeps its CIDR unless no address of it is in use;
     * otherwise a different CIDR is a conflict.
     */
    public void registerSubnet(String subnetId, String cidr) {
        Rules.refId("subnet_id", subnetId);
        String normalized;
        try {
            normalized = AddressAllocator.Cidr.parse(cidr).toString();
        } catch (RuntimeException e) {
            throw new InvalidParameterException("cidr", "must be an IPv4 CIDR with a prefix from 8 to 29");
        }
        long first = AddressAllocator.Cidr.parse(normalized).firstHost();
        store.transaction(h -> {
            InstanceStore.SubnetRow known = store.subnet(h, subnetId, true).orElse(null);
            if (known == null) {
                store.insertSubnet(h, subnetId, normalized, first);
            } else if (!known.cidr().equals(normalized)) {
                if (store.hasAllocations(h, subnetId)) {
                    throw new ApiException(ErrorCode.SUBNET_IN_USE, subnetId + " is " + known.cidr());
                }
                store.updateSubnet(h, subnetId, normalized, first);
            }
            return null;
        });
    }

    /** Known subnets and their CIDRs. */
    public Map<String, String> subnets() {
        return store.subnets();
    }

    /** Allocates a public address (EIP) for an instance. */
    public String allocateEip(Handle h, String instanceId) {
        allocator.register(h, EIP_POOL, EIP_POOL_CIDR);
        return allocator.allocate(h, EIP_POOL, instanceId, 1).get(0);
    }

    private static Instance.Builder copy(Instance.Builder b) {
        // Builders are mutable; a retried transaction must start again from what the document said.
        return b.build().toBuilder();
    }

    /**
     * Completes a new instance: every field the builder leaves null gets its generated value, and its addresses
     * are allocated (or the given ones recorded) in the subnet, inside the caller's transaction.
     */
    public Instance materialize(Handle h, Instance.Builder b, Long createTime, String callerUserId) {
        Instance draft = b.build();
        String id = draft.id();
        String project = draft.projectId();
        long now = this.now.getAsLong();
        if (draft.status() == null) {
            b.status(InstanceStatus.RUNNING);
        }
        if (draft.name() == null) {
            b.name("roma-" + id.replace("-", "").substring(0, Math.min(8, id.replace("-", "").length())));
        }
        if (draft.description() == null) {
            b.description("");
        }
        Spec spec = draft.spec() == null ? Spec.ROMA_PROFESSIONAL : draft.spec();
        b.spec(spec);
        if (draft.cipherType() == null) {
            b.cipherType(CipherType.GENERAL_CIPHER);
        }
        b.createTime(createTime == null ? now : createTime);
        b.updateTime(now);
        if (draft.enterpriseProjectId() == null) {
            b.enterpriseProjectId("0");
        }
        if (draft.chargingMode() == null) {
            b.chargingMode(0);
        }
        if (draft.cbcOperationLocks() == null) {
            b.cbcOperationLocks(List.of());
        }
        if (draft.vpcId() == null) {
            b.vpcId(stableId(project, "vpc"));
        }
        String subnetId = draft.subnetId();
        if (subnetId == null) {
            subnetId = stableId(project, "subnet");
            allocator.register(h, subnetId, "192.168.0.0/16");
            b.subnetId(subnetId);
        }
        if (draft.securityGroupId() == null) {
            b.securityGroupId(stableId(project, "security-group"));
        }
        if (draft.maintainBegin() == null) {
            b.maintainBegin("22:00:00").maintainEnd("02:00:00");
        }
        if (draft.userId() == null) {
            b.userId(callerUserId);
        }
        if (draft.availableZoneIds() == null) {
            String region = regionOfProject.apply(project);
            b.availableZoneIds(List.of(region + "a", region + "b"));
        }
        if (draft.instanceVersion() == null) {
            b.instanceVersion(DEFAULT_INSTANCE_VERSION);
        }
        if (draft.listeners() == null) {
            b.listeners(List.of());
        }
        if (draft.supportedFeatures() == null) {
            b.supportedFeatures(spec.supportedFeatures());
        }
        // Addresses: the document's own are recorded; the missing ones are allocated from the subnet.
        allocator.claim(h, subnetId, draft.ingressIp(), id);
        if (draft.nodeIps() != null) {
            for (List<String> ips : java.util.Arrays.asList(draft.nodeIps().livedata(), draft.nodeIps().shubao())) {
                if (ips != null) {
                    for (String ip : ips) {
                        allocator.claim(h, subnetId, ip, id);
                    }
                }
            }
        }
        String ingress = draft.ingressIp();
        if (ingress == null) {
            ingress = allocator.allocate(h, subnetId, id, 1).get(0);
            b.ingressIp(ingress);
        }
        if (draft.nodeIps() == null) {
            List<String> nodes = allocator.allocate(h, subnetId, id, 4);
            b.nodeIps(new Instance.NodeIps(nodes.subList(0, 2), nodes.subList(2, 4)));
        }
        if (draft.ingressIps() == null) {
            b.ingressIps(ingress);
        }
        if (draft.ingressIpV6() == null && spec.ipv6()) {
            b.ingressIpV6(ipv6For(id));
        }
        if (draft.virsubnetId() == null) {
            b.virsubnetId(subnetId);
        }
        return b.build();
    }

    /** A stable id for a project's default VPC, subnet or security group. */
    static String stableId(String projectId, String what) {
        return UUID.nameUUIDFromBytes((projectId + "/default-" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String ipv6For(String instanceId) {
        UUID u = UUID.nameUUIDFromBytes(("ipv6/" + instanceId).getBytes(StandardCharsets.UTF_8));
        long bits = u.getLeastSignificantBits();
        return String.format("2407:c080:1200:%x::%x", (bits >>> 48) & 0xffff, bits & 0xffff);
    }
}
