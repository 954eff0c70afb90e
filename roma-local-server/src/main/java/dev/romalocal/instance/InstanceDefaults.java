package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What an instance gets when a document or a create does not say: the generated values of every field (status,
 * name, spec, network ids, maintenance window, zones, version, features, MQS settings, LiveData quotas, tags) and
 * its addresses, claimed or allocated in its subnet. The one place a default changes (the views apply the same
 * static defaults to instances stored before a field existed).
 */
public final class InstanceDefaults {
    /** The instance version new instances report. */
    public static final String DEFAULT_INSTANCE_VERSION = "24.12.0";

    private final AddressAllocator allocator;
    private final LongSupplier now;
    private final Function<String, String> regionOfProject;

    /**
     * @param now             the lifecycle clock (epoch ms): creation and update times come from it
     * @param regionOfProject a project id's region (its project name, e.g. cn-north-4), used for generated AZs
     */
    InstanceDefaults(AddressAllocator allocator, LongSupplier now, Function<String, String> regionOfProject) {
        this.allocator = allocator;
        this.now = now;
        this.regionOfProject = regionOfProject;
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
            for (List<String> ips : Arrays.asList(draft.nodeIps().livedata(), draft.nodeIps().shubao())) {
                if (ips != null) {
                    for (String ip : ips) {
                        allocator.claim(h, subnetId, ip, id);
                    }
                }
            }
        }
        // One allocation for all the missing ones (one lock of the subnet, one scan): the lowest free address is the
        // ingress address, the next four the nodes', as two allocations in a row would give them.
        String ingress = draft.ingressIp();
        int wanted = (ingress == null ? 1 : 0) + (draft.nodeIps() == null ? 4 : 0);
        List<String> allocated = wanted == 0 ? List.of() : allocator.allocate(h, subnetId, id, wanted);
        if (ingress == null) {
            ingress = allocated.get(0);
            b.ingressIp(ingress);
        }
        if (draft.nodeIps() == null) {
            List<String> nodes = allocated.subList(wanted - 4, wanted);
            b.nodeIps(new Instance.NodeIps(List.copyOf(nodes.subList(0, 2)), List.copyOf(nodes.subList(2, 4))));
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
        b.mqs(mqs(draft.mqs(), draft.eipAddress() != null));
        b.livedataQuota(checked(liveDataQuota(spec, draft.livedataQuota())));
        if (draft.tags() == null) {
            b.tags(List.of());
        }
        List<String> supported = draft.supportedFeatures() == null ? spec.supportedFeatures()
                : draft.supportedFeatures();
        b.features(features(id, draft.features(), supported, now));
        return b.build();
    }

    /** The MQS settings with every absent one at its default; public access only with a public address. */
    public static Instance.Mqs mqs(Instance.Mqs given, boolean publicAddress) {
        Instance.Mqs g = given == null ? new Instance.Mqs(null, null, null, null, null, null, null, null, null)
                : given;
        return new Instance.Mqs(or(g.engineVersion(), "2.7"), or(g.retentionPolicy(), "produce_reject"),
                or(g.sslEnable(), false), or(g.traceEnable(), false), or(g.vpcClientPlain(), false),
                or(g.enablePublicip(), publicAddress) && publicAddress, or(g.enableAcl(), false),
                or(g.rocketmqEnable(), false), or(g.connectorEnable(), false), g.userName(), g.accessUser(),
                g.kafkaManagerUser(), g.subnetCidr(), g.crossVpcInfo(), g.connectorId(), g.mqsConnectorAddress(),
                g.podConnectAddress());
    }

    /**
     * LiveData quotas with every absent one at the edition's value: data sources, backend APIs and scripts of
     * basic 20 / 100 / 100, professional 50 / 300 / 300, enterprise 100 / 600 / 600, platinum 200 / 1000 / 1000;
     * nothing used.
     */
    public static Instance.LiveDataQuota liveDataQuota(Spec spec, Instance.LiveDataQuota given) {
        Instance.LiveDataQuota g = given == null ? new Instance.LiveDataQuota(null, null, null, null, null) : given;
        int[] quota = switch (spec == null ? "professional" : spec.flavorType()) {
            case "basic" -> new int[]{20, 100, 100};
            case "enterprise" -> new int[]{100, 600, 600};
            case "platinum" -> new int[]{200, 1000, 1000};
            default -> new int[]{50, 300, 300};
        };
        return new Instance.LiveDataQuota(or(g.datasource(), quota[0]), or(g.api(), quota[1]),
                or(g.scripts(), quota[2]),
                or(g.datasourceUsed(), 0), or(g.apiUsed(), 0));
    }

    private static Instance.LiveDataQuota checked(Instance.LiveDataQuota q) {
        if (q.datasourceUsed() > q.datasource()) {
            throw new InvalidParameterException("livedata_quota.datasource_used",
                    "exceeds the data source quota (" + q.datasource() + ")");
        }
        if (q.apiUsed() > q.api()) {
            throw new InvalidParameterException("livedata_quota.api_used", "exceeds the API quota (" + q.api() + ")");
        }
        return q;
    }

    /**
     * A document's features, each with its id and (when it gave none) the time now; each must be one the instance
     * supports.
     */
    private static List<Instance.Feature> features(String instanceId, List<Instance.Feature> given,
                                                   List<String> supported, long now) {
        if (given == null) {
            return List.of();
        }
        List<Instance.Feature> out = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            Instance.Feature f = given.get(i);
            if (!supported.contains(f.name())) {
                throw new InvalidParameterException("features[" + i + "].name", notSupported(f.name()));
            }
            out.add(new Instance.Feature(featureId(instanceId, f.name()), f.name(), f.enable(), f.config(),
                    f.updateTime() == null ? now : f.updateTime()));
        }
        return List.copyOf(out);
    }

    /** Why a feature the SDK knows cannot be set on an instance. */
    public static String notSupported(String name) {
        return name + " is not among this instance's supported_features";
    }

    /** A feature's id: 32 hex digits derived from the instance id and the feature name (stable across replaces). */
    public static String featureId(String instanceId, String name) {
        return UUID.nameUUIDFromBytes(("feature/" + instanceId + "/" + name).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
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
