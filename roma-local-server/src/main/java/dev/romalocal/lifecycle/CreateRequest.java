package dev.romalocal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.Rules;
import dev.romalocal.instance.Spec;
import dev.romalocal.json.JsonFields;

import java.util.List;
import java.util.Set;

/**
 * The two documented create bodies, validated field by field (a 400 names the first bad field; nothing is
 * created): HuaweiCloudStack's {@code POST /v1/{project_id}/instances} and CreateRomaInstanceV3's
 * {@code POST /v3/{project_id}/roma/instances}. Fields neither documents are ignored, as the
 * real service ignores them. The HCS client sends zero values for optional fields it was not given ({@code ""},
 * {@code 0}): those read as absent.
 *
 * @param instance the instance's given attributes (the rest is generated)
 * @param publicIp whether an EIP is to be allocated
 * @param eipId    the EIP id the caller named, if any
 */
public record CreateRequest(Instance.Builder instance, boolean publicIp, String eipId) {

    private static final Set<String> ENGINE_VERSIONS = Set.of("2.7", "2.3.0", "1.1.0");
    private static final Set<String> RETENTION = Set.of("produce_reject", "time_base");

    /** {@code POST /v1/{project_id}/instances} (HuaweiCloudStack). */
    public static CreateRequest v1(JsonNode body) {
        JsonFields f = JsonFields.of(body, "");
        Instance.Builder b = Instance.builder();
        b.name(Rules.name("name", f.requiredString("name")));
        String description = f.string("description");
        if (description == null) {
            throw new InvalidParameterException("description", "is required");
        }
        b.description(Rules.description("description", description));
        String product = f.requiredString("product_id");
        Spec spec = Spec.fromProductId(product).orElseThrow(() ->
                new InvalidParameterException("product_id", "must be one of " + Spec.productIds()));
        Boolean ipv6 = required(f.bool("ipv6_enable"), "ipv6_enable");
        b.spec(ipv6 ? Spec.valueOf(spec.name() + "_IPV6") : spec);
        b.availableZoneIds(zones(f, "available_zones"));
        b.enterpriseProjectId(Rules.refId("ep_id", blankToNull(f.string("ep_id"))));
        b.vpcId(Rules.refId("vpc_id", f.requiredString("vpc_id")));
        b.subnetId(Rules.refId("subnet_id", f.requiredString("subnet_id")));
        b.securityGroupId(Rules.refId("security_group_id", f.requiredString("security_group_id")));
        required(f.bool("enable_all"), "enable_all");
        String eipId = Rules.refId("eip_id", blankToNull(f.string("eip_id")));
        Integer bandwidth = zeroToNull(f.integer("entrance_bandwidth_size"));
        if (bandwidth != null) {
            if (eipId == null) {
                throw new InvalidParameterException("entrance_bandwidth_size", "needs an eip_id (public access)");
            }
            checkBandwidth("entrance_bandwidth_size", bandwidth);
        }
        b.bandwidthSize(eipId == null ? null : bandwidth == null ? 5 : bandwidth);
        JsonFields mqs = f.object("mqs");
        if (mqs == null) {
            throw new InvalidParameterException("mqs", "is required");
        }
        String engine = blankToNull(mqs.string("engine_version"));
        if (engine != null && !ENGINE_VERSIONS.contains(engine)) {
            throw new InvalidParameterException("mqs.engine_version", "must be one of " + ENGINE_VERSIONS);
        }
        String retention = blankToNull(mqs.string("retention_policy"));
        if (retention != null && !RETENTION.contains(retention)) {
            throw new InvalidParameterException("mqs.retention_policy", "must be produce_reject or time_base");
        }
        for (String flag : List.of("rocketmq_enable", "enable_publicip", "enable_acl", "ssl_enable", "trace_enable",
                "vpc_client_plain", "connector_enable")) {
            mqs.bool(flag);
        }
        maintenance(f, b);
        String arch = f.requiredString("cpu_architecture");
        b.cpuArch(switch (arch) {
            case "x86" -> "x86_64";
            case "arm" -> "aarch64";
            default -> throw new InvalidParameterException("cpu_architecture", "must be x86 or arm");
        });
        b.publicipId(eipId);
        return new CreateRequest(b, eipId != null, eipId);
    }

    /** {@code POST /v3/{project_id}/roma/instances} (CreateRomaInstanceV3). */
    public static CreateRequest v3(JsonNode body) {
        JsonFields f = JsonFields.of(body, "");
        Instance.Builder b = Instance.builder();
        b.name(Rules.name("name", f.requiredString("name")));
        b.description(Rules.description("description", f.string("description")));
        String charge = f.requiredString("charge_type");
        b.chargingMode(switch (charge) {
            case "prePaid" -> 1;
            case "postPaid" -> 0;
            default -> throw new InvalidParameterException("charge_type", "must be prePaid or postPaid");
        });
        b.availableZoneIds(zones(f, "available_zone_ids"));
        String arch = f.requiredString("cpu_arch");
        if (!arch.equals("x86_64") && !arch.equals("aarch64")) {
            throw new InvalidParameterException("cpu_arch", "must be x86_64 or aarch64");
        }
        b.cpuArch(arch);
        b.enterpriseProjectId(Rules.refId("enterprise_project_id", f.string("enterprise_project_id")));
        JsonFields rcu = f.object("rcu");
        if (rcu == null) {
            throw new InvalidParameterException("rcu", "is required");
        }
        Integer total = rcu.integer("total", 1, 10_000);
        List<JsonFields> distribution = rcu.objectList("distribution");
        if (distribution != null) {
            for (JsonFields d : distribution) {
                JsonFields indicator = d.object("indicator");
                if (indicator != null) {
                    indicator.string("id");
                }
                d.integer("value", 0, 10_000);
            }
        }
        b.spec(specForRcu(total));
        b.vpcId(Rules.refId("vpc_id", f.requiredString("vpc_id")));
        b.subnetId(Rules.refId("subnet_id", f.requiredString("subnet_id")));
        b.securityGroupId(Rules.refId("security_group_id", f.string("security_group_id")));
        boolean publicIp = Boolean.TRUE.equals(f.bool("publicip_enable"));
        Integer bandwidth = f.integer("ingress_bandwidth_size");
        if (bandwidth != null) {
            if (!publicIp) {
                throw new InvalidParameterException("ingress_bandwidth_size", "needs publicip_enable: true");
            }
            checkBandwidth("ingress_bandwidth_size", bandwidth);
        }
        b.bandwidthSize(publicIp ? (bandwidth == null ? 5 : bandwidth) : null);
        JsonFields config = f.object("config");
        if (config != null) {
            JsonFields mqs = config.object("mqs");
            if (mqs != null) {
                mqs.string("engine_version");
                String retention = mqs.string("retention_policy");
                if (retention != null && !RETENTION.contains(retention)) {
                    throw new InvalidParameterException("config.mqs.retention_policy",
                            "must be produce_reject or time_base");
                }
                mqs.bool("ssl_enable");
            }
        }
        String scope = f.string("scope");
        if (scope != null && !scope.equals("center") && !scope.equals("edge")) {
            throw new InvalidParameterException("scope", "must be center or edge");
        }
        maintenance(f, b);
        return new CreateRequest(b, publicIp, null);
    }

    /** V3 creates RCU-sized ("Pro") instances; the edition follows the RCU total (docs/api.md). */
    static Spec specForRcu(Integer total) {
        if (total == null) {
            return Spec.ROMA_PROFESSIONAL;
        }
        return total <= 4 ? Spec.ROMA_BASIC : total <= 8 ? Spec.ROMA_PROFESSIONAL
                : total <= 16 ? Spec.ROMA_ENTERPRISE : Spec.ROMA_PLATINUM;
    }

    private static void maintenance(JsonFields f, Instance.Builder b) {
        String begin = blankToNull(f.string("maintain_begin"));
        String end = blankToNull(f.string("maintain_end"));
        Rules.maintenanceWindow("maintain_begin", begin, "maintain_end", end);
        b.maintainBegin(begin).maintainEnd(end);
    }

    private static List<String> zones(JsonFields f, String field) {
        List<String> zones = f.stringList(field);
        if (zones == null || zones.isEmpty()) {
            throw new InvalidParameterException(field, "is required: a non-empty array of AZ ids");
        }
        return Rules.refIds(field, zones);
    }

    private static void checkBandwidth(String field, int value) {
        if (value < 5 || value > 2000) {
            throw new InvalidParameterException(field, "must be from 5 to 2000 (Mbit/s)");
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidParameterException(field, "is required");
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Integer zeroToNull(Integer i) {
        return i == null || i == 0 ? null : i;
    }
}
