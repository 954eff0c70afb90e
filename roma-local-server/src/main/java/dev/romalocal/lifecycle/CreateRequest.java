package dev.romalocal.lifecycle;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.Is;
import dev.romalocal.instance.MaintenanceWindow;
import dev.romalocal.instance.Spec;
import dev.romalocal.json.Bind;
import dev.romalocal.json.OneOf;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;

import java.util.List;

import static dev.romalocal.instance.Rule.DESCRIPTION;
import static dev.romalocal.instance.Rule.NAME;
import static dev.romalocal.instance.Rule.PRODUCT_ID;
import static dev.romalocal.instance.Rule.REF_ID;

/**
 * A create, from either documented body (a 400 names the bad field; nothing is created): HuaweiCloudStack's
 * {@code POST /v1/{project_id}/instances} ({@link V1}) and CreateRomaInstanceV3's
 * {@code POST /v3/{project_id}/roma/instances} ({@link V3}). Fields neither documents are ignored, as the real
 * service ignores them.
 *
 * @param instance the instance's given attributes (the rest is generated)
 * @param publicIp whether an EIP is to be allocated
 * @param eipId    the EIP id the caller named, if any
 */
public record CreateRequest(Instance.Builder instance, boolean publicIp, String eipId) {
    private static final String ZONES_REQUIRED = "is required: a non-empty array of AZ ids";
    private static final String BANDWIDTH = "must be from {min} to {max} (Mbit/s)";
    private static final String WINDOW = MaintenanceWindow.ABOUT;

    /** {@code POST /v1/{project_id}/instances} (HuaweiCloudStack). */
    public static CreateRequest v1(JsonNode body) {
        return Bind.body(body, V1.class).request();
    }

    /** {@code POST /v3/{project_id}/roma/instances} (CreateRomaInstanceV3). */
    public static CreateRequest v3(JsonNode body) {
        return Bind.body(body, V3.class).request();
    }

    /**
     * HuaweiCloudStack's create body. Its client sends zero values for optional fields it was not given
     * ({@code ""}, {@code 0}): those read as absent.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @MaintenanceWindow
    @JsonClassDescription("Zero values (\"\" and 0) of ep_id, eip_id, entrance_bandwidth_size, maintain_begin, "
            + "maintain_end, mqs.engine_version and mqs.retention_policy read as absent. entrance_bandwidth_size needs "
            + "an eip_id. " + WINDOW)
    public record V1(
            @NotEmpty @Is(NAME) String name,
            @NotNull @Is(DESCRIPTION) String description,
            @NotEmpty @Is(PRODUCT_ID) String productId,
            @NotNull Boolean ipv6Enable,
            @NotEmpty(message = ZONES_REQUIRED) List<@Is(REF_ID) String> availableZones,
            @Is(REF_ID) String epId,
            @NotEmpty @Is(REF_ID) String vpcId,
            @NotEmpty @Is(REF_ID) String subnetId,
            @NotEmpty @Is(REF_ID) String securityGroupId,
            @NotNull Boolean enableAll,
            @Is(REF_ID) String eipId,
            @Range(min = 5, max = 2000, message = BANDWIDTH) Integer entranceBandwidthSize,
            @NotNull @Valid Mqs mqs,
            String maintainBegin,
            String maintainEnd,
            @NotEmpty @OneOf({"x86", "arm"}) String cpuArchitecture) implements MaintenanceWindow.Fields {

        public V1 {
            epId = blankToNull(epId);
            eipId = blankToNull(eipId);
            entranceBandwidthSize = entranceBandwidthSize == null || entranceBandwidthSize == 0 ? null
                    : entranceBandwidthSize;
            maintainBegin = blankToNull(maintainBegin);
            maintainEnd = blankToNull(maintainEnd);
        }

        /** The message queue settings: kept as the instance's MQS settings (the MQS views derive from them). */
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Mqs(@OneOf({"2.7", "2.3.0", "1.1.0"}) String engineVersion,
                          @OneOf({"produce_reject", "time_base"}) String retentionPolicy,
                          Boolean rocketmqEnable, Boolean enablePublicip, Boolean enableAcl, Boolean sslEnable,
                          Boolean traceEnable, Boolean vpcClientPlain, Boolean connectorEnable) {
            public Mqs {
                engineVersion = blankToNull(engineVersion);
                retentionPolicy = blankToNull(retentionPolicy);
            }

            Instance.Mqs settings() {
                return new Instance.Mqs(engineVersion, retentionPolicy, sslEnable, traceEnable, vpcClientPlain,
                        enablePublicip, enableAcl, rocketmqEnable, connectorEnable);
            }
        }

        CreateRequest request() {
            if (entranceBandwidthSize != null && eipId == null) {
                throw new InvalidParameterException("entrance_bandwidth_size", "needs an eip_id (public access)");
            }
            Spec spec = Spec.fromProductId(productId).orElseThrow();
            Instance.Builder b = Instance.builder().name(name).description(description)
                    .spec(ipv6Enable ? Spec.valueOf(spec.name() + "_IPV6") : spec)
                    .availableZoneIds(List.copyOf(availableZones)).enterpriseProjectId(epId)
                    .vpcId(vpcId).subnetId(subnetId).securityGroupId(securityGroupId)
                    .bandwidthSize(eipId == null ? null : entranceBandwidthSize == null ? 5 : entranceBandwidthSize)
                    .maintainBegin(maintainBegin).maintainEnd(maintainEnd)
                    .cpuArch(cpuArchitecture.equals("x86") ? "x86_64" : "aarch64")
                    .publicipId(eipId).mqs(mqs.settings());
            return new CreateRequest(b, eipId != null, eipId);
        }
    }

    /** CreateRomaInstanceV3's body. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @MaintenanceWindow
    @JsonClassDescription("ingress_bandwidth_size needs publicip_enable: true. The edition follows rcu.total "
            + "(up to 4: basic, 8: professional, 16: enterprise, more: platinum). " + WINDOW)
    public record V3(
            @NotEmpty @Is(NAME) String name,
            @Is(DESCRIPTION) String description,
            @NotEmpty @OneOf({"prePaid", "postPaid"}) String chargeType,
            @NotEmpty(message = ZONES_REQUIRED) List<@Is(REF_ID) String> availableZoneIds,
            @NotEmpty @OneOf({"x86_64", "aarch64"}) String cpuArch,
            @Is(REF_ID) String enterpriseProjectId,
            @NotNull @Valid Rcu rcu,
            @NotEmpty @Is(REF_ID) String vpcId,
            @NotEmpty @Is(REF_ID) String subnetId,
            @Is(REF_ID) String securityGroupId,
            Boolean publicipEnable,
            @Range(min = 5, max = 2000, message = BANDWIDTH) Integer ingressBandwidthSize,
            @Valid Config config,
            @OneOf({"center", "edge"}) String scope,
            String maintainBegin,
            String maintainEnd) implements MaintenanceWindow.Fields {

        public V3 {
            maintainBegin = blankToNull(maintainBegin);
            maintainEnd = blankToNull(maintainEnd);
        }

        /** The RCU size; its total decides the edition ({@link #specForRcu}). */
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Rcu(@Range(min = 1, max = 10_000) Integer total, List<@Valid Share> distribution) {
        }

        /** One share of the RCUs: checked, not kept. */
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Share(@Valid Indicator indicator, @Range(min = 0, max = 10_000) Integer value) {
        }

        /** What a share is for. */
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Indicator(String id) {
        }

        /** Instance configuration: its MQS settings are kept. */
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Config(@Valid ConfigMqs mqs) {
        }

        /** The message queue settings: kept as the instance's MQS settings (the MQS views derive from them). */
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record ConfigMqs(@OneOf({"2.7", "2.3.0", "1.1.0"}) String engineVersion,
                                @OneOf({"produce_reject", "time_base"}) String retentionPolicy, Boolean sslEnable) {
            Instance.Mqs settings() {
                return new Instance.Mqs(engineVersion, retentionPolicy, sslEnable, null, null, null, null, null, null);
            }
        }

        CreateRequest request() {
            boolean publicIp = Boolean.TRUE.equals(publicipEnable);
            if (ingressBandwidthSize != null && !publicIp) {
                throw new InvalidParameterException("ingress_bandwidth_size", "needs publicip_enable: true");
            }
            Instance.Builder b = Instance.builder().name(name).description(description)
                    .chargingMode(chargeType.equals("prePaid") ? 1 : 0)
                    .availableZoneIds(List.copyOf(availableZoneIds)).cpuArch(cpuArch)
                    .enterpriseProjectId(enterpriseProjectId).spec(specForRcu(rcu.total()))
                    .vpcId(vpcId).subnetId(subnetId).securityGroupId(securityGroupId)
                    .bandwidthSize(publicIp ? (ingressBandwidthSize == null ? 5 : ingressBandwidthSize) : null)
                    .maintainBegin(maintainBegin).maintainEnd(maintainEnd)
                    .mqs(config == null || config.mqs() == null ? null : config.mqs().settings());
            return new CreateRequest(b, publicIp, null);
        }
    }

    /** V3 creates RCU-sized ("Pro") instances; the edition follows the RCU total (docs/api.md). */
    static Spec specForRcu(Integer total) {
        if (total == null) {
            return Spec.ROMA_PROFESSIONAL;
        }
        return total <= 4 ? Spec.ROMA_BASIC : total <= 8 ? Spec.ROMA_PROFESSIONAL
                : total <= 16 ? Spec.ROMA_ENTERPRISE : Spec.ROMA_PLATINUM;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
