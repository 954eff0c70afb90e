package dev.romalocal.instance;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.Bind;
import dev.romalocal.json.OneOf;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.romalocal.instance.Rule.CIPHER_TYPE;
import static dev.romalocal.instance.Rule.DESCRIPTION;
import static dev.romalocal.instance.Rule.INSTANCE_ID;
import static dev.romalocal.instance.Rule.IPV4;
import static dev.romalocal.instance.Rule.IPV6;
import static dev.romalocal.instance.Rule.IPV6_CIDR;
import static dev.romalocal.instance.Rule.NAME;
import static dev.romalocal.instance.Rule.PROJECT_ID;
import static dev.romalocal.instance.Rule.REF_ID;
import static dev.romalocal.instance.Rule.SPEC;

/**
 * An APIC-detail-shaped JSON document: the control API's upsert body and the {@code --seed} file entries. Every
 * field is optional; what a document does not give gets generated values later ({@link InstanceDefaults}). The
 * nested shapes are the aggregate's own ({@link Instance.Listener}, ...), which carry their constraints.
 *
 * <p>Besides the API page's fields it accepts two extension fields the platform views need: {@code cpu_arch}
 * ({@code x86_64} or {@code aarch64}) and {@code publicip_id}; the settings the instance-scoped views
 * derive from: {@code mqs}, {@code livedata_quota}, {@code tags}, {@code features}; and {@code live_health_checks},
 * which turns the live probes of the listeners' backends on or off for this instance (docs/api.md, "Live health
 * checks"). {@code available_zone_ids} may be the detail view's string {@code "[a, b]"} or an array. {@code status}
 * and {@code instance_status} must name one of the 34
 * statuses, and agree when both are given ({@link InstanceStatus#parse}).
 */
@MaintenanceWindow
@JsonClassDescription("An instance as the APIC detail shows it; every field optional (generated when absent). "
        + "status and instance_status must agree when both are given. " + MaintenanceWindow.ABOUT)
public record InstanceDocument(
        @Is(INSTANCE_ID) String id,
        @Is(PROJECT_ID) String projectId,
        @Is(NAME) String instanceName,
        @Is(DESCRIPTION) String description,
        @JsonPropertyDescription("one of the 34 statuses (wire spelling, e.g. Running)") String status,
        @JsonPropertyDescription("one of the 34 status numbers (e.g. 6)") Integer instanceStatus,
        String type,
        @Is(SPEC) String spec,
        @Is(CIPHER_TYPE) String cipherType,
        @Min(value = 0, message = "must be a Unix time in milliseconds, not negative") Long createTime,
        @Is(REF_ID) String enterpriseProjectId,
        @Is(IPV4) String eipAddress,
        @Range(min = 0, max = 1) Integer chargingMode,
        String cbcMetadata,
        List<Instance.@Valid CbcOperationLock> cbcOperationLocks,
        @Is(REF_ID) String vpcId,
        @Is(REF_ID) String subnetId,
        @Is(REF_ID) String securityGroupId,
        String maintainBegin,
        String maintainEnd,
        @Is(IPV4) String ingressIp,
        @Is(REF_ID) String userId,
        @Is(IPV6_CIDR) String natEipIpv6Cidr,
        @Is(IPV6) String eipIpv6Address,
        @Is(IPV4) String natEipAddress,
        @Range(min = 0, max = 2000) Integer bandwidthSize,
        @JsonDeserialize(using = Zones.class)
        @JsonPropertyDescription("an array, or the detail view's string \"[a, b]\"")
        List<@Is(REF_ID) String> availableZoneIds,
        String instanceVersion,
        @Is(REF_ID) String virsubnetId,
        @Is(IPV4) String romaEipAddress,
        List<Instance.@Valid Listener> listeners,
        @JsonPropertyDescription("extension: probe the listeners' backends (true), never (false); absent: as the "
                + "server's --health-checks says")
        Boolean liveHealthChecks,
        List<String> supportedFeatures,
        @Is(IPV6) String ingressIpV6,
        @Valid Instance.NodeIps nodeIps,
        String ingressIps,
        @OneOf({"x86_64", "aarch64"}) String cpuArch,
        @Is(REF_ID) String publicipId,
        @Valid @JsonPropertyDescription("the message queue (MQS) settings the MQS views derive from")
        Instance.Mqs mqs,
        @Valid @JsonPropertyDescription("LiveData quotas and usage (numbers here; strings in ListLiveDataQuotaV2); "
                + "a used count may not exceed its quota")
        Instance.LiveDataQuota livedataQuota,
        @Size(max = MAX_TAGS) @JsonPropertyDescription("ListTagsV2's tags, each once")
        List<@Size(min = 1, max = 128) String> tags,
        @Size(max = MAX_FEATURES) @JsonPropertyDescription("configured features, each name once")
        List<@Valid FeatureToggle> features) implements MaintenanceWindow.Fields {

    /** The most tags a document may give. */
    static final int MAX_TAGS = 1000;
    /** The most features a document may give (there are 33 names). */
    static final int MAX_FEATURES = 64;

    /** What a document said: the fields it gave, and its create_time if any. */
    public record Parsed(Instance.Builder builder, Long createTime) {
    }

    /** Binds and checks a document; a bad one is a 400 naming the field. */
    public static Parsed parse(JsonNode body) {
        return Bind.body(body, InstanceDocument.class).parsed();
    }

    /** The fields the document gave, on a builder (the rest null). */
    public Parsed parsed() {
        Instance.Builder b = Instance.builder()
                .id(id).projectId(projectId).name(instanceName).description(description)
                .status(InstanceStatus.parse(status, instanceStatus)).type(type)
                .spec(spec == null ? null : Spec.fromWire(spec).orElseThrow())
                .cipherType(cipherType == null ? null : CipherType.fromWire(cipherType).orElseThrow())
                .enterpriseProjectId(enterpriseProjectId).eipAddress(eipAddress).chargingMode(chargingMode)
                .cbcMetadata(cbcMetadata).cbcOperationLocks(copy(cbcOperationLocks))
                .vpcId(vpcId).subnetId(subnetId).securityGroupId(securityGroupId)
                .maintainBegin(maintainBegin).maintainEnd(maintainEnd)
                .ingressIp(ingressIp).userId(userId).natEipIpv6Cidr(natEipIpv6Cidr).eipIpv6Address(eipIpv6Address)
                .natEipAddress(natEipAddress).bandwidthSize(bandwidthSize).availableZoneIds(copy(availableZoneIds))
                .instanceVersion(instanceVersion).virsubnetId(virsubnetId).romaEipAddress(romaEipAddress)
                .listeners(copy(listeners)).liveHealthChecks(liveHealthChecks)
                .supportedFeatures(copy(supportedFeatures)).ingressIpV6(ingressIpV6)
                .nodeIps(nodeIps).ingressIps(ingressIps).cpuArch(cpuArch).publicipId(publicipId)
                .mqs(mqs).livedataQuota(livedataQuota).tags(unique("tags", "", copy(tags), t -> t))
                .features(features == null ? null
                        : unique("features", ".name", features.stream().map(f -> f.toFeature(null, null)).toList(),
                        Instance.Feature::name));
        return new Parsed(b, createTime);
    }

    /**
     * The list, unless two of its items share a key: then a 400 naming the second item's {@code member} (a list of
     * strings is named as a whole, as the binder names it).
     */
    private static <T> List<T> unique(String field, String member, List<T> list,
                                      java.util.function.Function<T, String> key) {
        if (list != null) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (!seen.add(key.apply(list.get(i)))) {
                    throw new InvalidParameterException(member.isEmpty() ? field : field + "[" + i + "]" + member,
                            "repeats " + key.apply(list.get(i)) + ": each may appear once");
                }
            }
        }
        return list;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    /** {@code available_zone_ids} as the detail view's string {@code "[a, b]"} (or {@code "a"}), or as an array. */
    static final class Zones extends JsonDeserializer<List<String>> {
        private static final TypeReference<List<String>> LIST = new TypeReference<>() {
        };

        @Override
        public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                return ctxt.readValue(p, ctxt.getTypeFactory().constructType(LIST));
            }
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (List<String>) ctxt.handleUnexpectedToken(List.class, p);
            }
            String s = p.getText().trim();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            List<String> out = new ArrayList<>();
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
    }
}
