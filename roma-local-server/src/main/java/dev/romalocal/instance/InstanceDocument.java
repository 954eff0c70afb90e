package dev.romalocal.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.JsonFields;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads an APIC-detail-shaped JSON document (the control API's upsert body and the {@code --seed} file entries)
 * into a partly filled {@link Instance.Builder}: every field the document gives, strictly typed and validated.
 * Fields it does not give stay null and get generated values later.
 *
 * <p>Besides the API page's fields it accepts two extension fields the platform views need: {@code cpu_arch}
 * ({@code x86_64} or {@code aarch64}) and {@code publicip_id}.
 */
public final class InstanceDocument {
    static final Set<String> FIELDS = Set.of(
            "id", "project_id", "instance_name", "status", "instance_status", "type", "spec", "create_time",
            "enterprise_project_id", "eip_address", "charging_mode", "cbc_metadata", "cbc_operation_locks",
            "description", "vpc_id", "subnet_id", "security_group_id", "maintain_begin", "maintain_end",
            "ingress_ip", "user_id", "nat_eip_ipv6_cidr", "eip_ipv6_address", "nat_eip_address", "bandwidth_size",
            "available_zone_ids", "instance_version", "virsubnet_id", "roma_eip_address", "listeners",
            "supported_features", "ingress_ip_v6", "node_ips", "ingress_ips", "cipher_type",
            "cpu_arch", "publicip_id");
    private static final Set<String> LOCK_SCENES = Set.of("TO_PERIOD_LOCK", "SPEC_CHG_LOCK");
    private static final Set<String> HEALTH_PROTOCOLS = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET");
    private static final Set<String> CPU_ARCHS = Set.of("x86_64", "aarch64");

    /** What a document said: the fields it gave, and its create_time if any. */
    public record Parsed(Instance.Builder builder, Long createTime) {
    }

    private InstanceDocument() {
    }

    public static Parsed parse(JsonNode body) {
        JsonFields f = JsonFields.of(body, "").only(FIELDS);
        Instance.Builder b = Instance.builder();
        b.id(f.has("id") ? Rules.instanceId("id", f.string("id")) : null);
        b.projectId(f.has("project_id") ? Rules.projectId("project_id", f.string("project_id")) : null);
        b.name(Rules.name("instance_name", f.string("instance_name")));
        b.description(Rules.description("description", f.string("description")));
        b.status(status(f));
        b.type(f.string("type"));
        b.spec(enumValue(f, "spec", Spec::fromWire, Spec.values()));
        b.cipherType(f.has("cipher_type")
                ? CipherType.fromWire(f.string("cipher_type")).orElseThrow(() -> new InvalidParameterException(
                        "cipher_type", "must be one of generalCipher, SMCompatible, SMOnly"))
                : null);
        Long createTime = f.longValue("create_time");
        if (createTime != null && createTime < 0) {
            throw new InvalidParameterException("create_time", "must be a Unix time in milliseconds, not negative");
        }
        b.enterpriseProjectId(Rules.refId("enterprise_project_id", f.string("enterprise_project_id")));
        b.eipAddress(Rules.ipv4("eip_address", f.string("eip_address")));
        b.chargingMode(f.integer("charging_mode", 0, 1));
        b.cbcMetadata(f.string("cbc_metadata"));
        b.cbcOperationLocks(locks(f));
        b.vpcId(Rules.refId("vpc_id", f.string("vpc_id")));
        b.subnetId(Rules.refId("subnet_id", f.string("subnet_id")));
        b.securityGroupId(Rules.refId("security_group_id", f.string("security_group_id")));
        String begin = f.string("maintain_begin");
        String end = f.string("maintain_end");
        Rules.maintenanceWindow("maintain_begin", begin, "maintain_end", end);
        b.maintainBegin(begin).maintainEnd(end);
        b.ingressIp(Rules.ipv4("ingress_ip", f.string("ingress_ip")));
        b.userId(Rules.refId("user_id", f.string("user_id")));
        b.natEipIpv6Cidr(Rules.ipv6Cidr("nat_eip_ipv6_cidr", f.string("nat_eip_ipv6_cidr")));
        b.eipIpv6Address(Rules.ipv6("eip_ipv6_address", f.string("eip_ipv6_address")));
        b.natEipAddress(Rules.ipv4("nat_eip_address", f.string("nat_eip_address")));
        b.bandwidthSize(f.integer("bandwidth_size", 0, 2000));
        b.availableZoneIds(Rules.refIds("available_zone_ids", zones(f)));
        b.instanceVersion(f.string("instance_version"));
        b.virsubnetId(Rules.refId("virsubnet_id", f.string("virsubnet_id")));
        b.romaEipAddress(Rules.ipv4("roma_eip_address", f.string("roma_eip_address")));
        b.listeners(listeners(f));
        b.supportedFeatures(f.stringList("supported_features"));
        b.ingressIpV6(Rules.ipv6("ingress_ip_v6", f.string("ingress_ip_v6")));
        b.nodeIps(nodeIps(f));
        b.ingressIps(f.string("ingress_ips"));
        String cpuArch = f.string("cpu_arch");
        if (cpuArch != null && !CPU_ARCHS.contains(cpuArch)) {
            throw new InvalidParameterException("cpu_arch", "must be x86_64 or aarch64");
        }
        b.cpuArch(cpuArch);
        b.publicipId(Rules.refId("publicip_id", f.string("publicip_id")));
        return new Parsed(b, createTime);
    }

    /** {@code status} and {@code instance_status} must name one of the 34 pairs, and agree when both are given. */
    private static InstanceStatus status(JsonFields f) {
        return InstanceStatus.parse(f.string("status"), f.integer("instance_status"));
    }

    private static <E extends Enum<E>> E enumValue(JsonFields f, String field,
                                                   java.util.function.Function<String, java.util.Optional<E>> lookup,
                                                   E[] values) {
        if (!f.has(field)) {
            return null;
        }
        return lookup.apply(f.string(field)).orElseThrow(() -> new InvalidParameterException(field,
                "must be one of " + Arrays.toString(values)));
    }

    /** {@code available_zone_ids} as the detail view's string {@code "[a, b]"} or as an array. */
    private static List<String> zones(JsonFields f) {
        JsonNode raw = f.raw("available_zone_ids");
        if (raw == null) {
            return null;
        }
        if (raw.isArray()) {
            return f.stringList("available_zone_ids");
        }
        String s = f.string("available_zone_ids").trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    private static List<Instance.CbcOperationLock> locks(JsonFields f) {
        List<JsonFields> items = f.objectList("cbc_operation_locks");
        if (items == null) {
            return null;
        }
        List<Instance.CbcOperationLock> out = new ArrayList<>();
        for (JsonFields item : items) {
            item.only(Set.of("lock_scene", "lock_source_id"));
            String scene = item.string("lock_scene");
            if (scene != null && !LOCK_SCENES.contains(scene)) {
                throw new InvalidParameterException(item.path("lock_scene"), "must be TO_PERIOD_LOCK or SPEC_CHG_LOCK");
            }
            out.add(new Instance.CbcOperationLock(scene, item.string("lock_source_id")));
        }
        return List.copyOf(out);
    }

    private static List<Instance.Listener> listeners(JsonFields f) {
        List<JsonFields> items = f.objectList("listeners");
        if (items == null) {
            return null;
        }
        List<Instance.Listener> out = new ArrayList<>();
        for (JsonFields item : items) {
            item.only(Set.of("name", "port", "backend", "ip_version"));
            Instance.Backend backend = null;
            JsonFields be = item.object("backend");
            if (be != null) {
                be.only(Set.of("ip", "port", "health_check"));
                Instance.HealthCheck hc = null;
                JsonFields h = be.object("health_check");
                if (h != null) {
                    h.only(Set.of("protocol", "port", "unhealthy", "timeout", "interval"));
                    String protocol = h.string("protocol");
                    if (protocol != null && !HEALTH_PROTOCOLS.contains(protocol)) {
                        throw new InvalidParameterException(h.path("protocol"),
                                "must be TCP_CHECK, HTTP_GET or SSL_GET");
                    }
                    hc = new Instance.HealthCheck(protocol, h.integer("port", 1, 65535),
                            h.integer("unhealthy", 1, 100), h.integer("timeout", 1, 3600),
                            h.integer("interval", 1, 3600));
                }
                backend = new Instance.Backend(Rules.ipv4s(be.path("ip"), be.stringList("ip")),
                        be.integer("port", 1, 65535), hc);
            }
            Integer ipVersion = item.integer("ip_version");
            if (ipVersion != null && ipVersion != 4 && ipVersion != 6) {
                throw new InvalidParameterException(item.path("ip_version"), "must be 4 or 6");
            }
            out.add(new Instance.Listener(item.string("name"), item.integer("port", 1, 65535), backend, ipVersion));
        }
        return List.copyOf(out);
    }

    private static Instance.NodeIps nodeIps(JsonFields f) {
        JsonFields n = f.object("node_ips");
        if (n == null) {
            return null;
        }
        n.only(Set.of("livedata", "shubao"));
        return new Instance.NodeIps(Rules.ipv4s("node_ips.livedata", n.stringList("livedata")),
                Rules.ipv4s("node_ips.shubao", n.stringList("shubao")));
    }
}
