package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.romalocal.instance.Instance;

import java.util.List;

/**
 * The founding page's Table 3: {@code GET /v2/{project_id}/apic/instances/{instance_id}}. Field names, order and
 * JSON types exactly as the page gives them; {@code available_zone_ids} is a string such as
 * {@code "[az1, az2]"} in this view (an array in the platform views).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = false)
public record ApicDetailView(
        @JsonProperty("id") String id,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("instance_name") String instanceName,
        @JsonProperty("status") String status,
        @JsonProperty("instance_status") Integer instanceStatus,
        @JsonProperty("type") String type,
        @JsonProperty("spec") String spec,
        @JsonProperty("create_time") Long createTime,
        @JsonProperty("enterprise_project_id") String enterpriseProjectId,
        @JsonProperty("eip_address") String eipAddress,
        @JsonProperty("charging_mode") Integer chargingMode,
        @JsonProperty("cbc_metadata") String cbcMetadata,
        @JsonProperty("cbc_operation_locks") List<Instance.CbcOperationLock> cbcOperationLocks,
        @JsonProperty("description") String description,
        @JsonProperty("vpc_id") String vpcId,
        @JsonProperty("subnet_id") String subnetId,
        @JsonProperty("security_group_id") String securityGroupId,
        @JsonProperty("maintain_begin") String maintainBegin,
        @JsonProperty("maintain_end") String maintainEnd,
        @JsonProperty("ingress_ip") String ingressIp,
        @JsonProperty("user_id") String userId,
        @JsonProperty("nat_eip_ipv6_cidr") String natEipIpv6Cidr,
        @JsonProperty("eip_ipv6_address") String eipIpv6Address,
        @JsonProperty("nat_eip_address") String natEipAddress,
        @JsonProperty("bandwidth_size") Integer bandwidthSize,
        @JsonProperty("available_zone_ids") String availableZoneIds,
        @JsonProperty("instance_version") String instanceVersion,
        @JsonProperty("virsubnet_id") String virsubnetId,
        @JsonProperty("roma_eip_address") String romaEipAddress,
        @JsonProperty("listeners") List<Instance.Listener> listeners,
        @JsonProperty("supported_features") List<String> supportedFeatures,
        @JsonProperty("ingress_ip_v6") String ingressIpV6,
        @JsonProperty("node_ips") Instance.NodeIps nodeIps,
        @JsonProperty("ingress_ips") String ingressIps,
        @JsonProperty("cipher_type") String cipherType) {

    public static ApicDetailView of(Instance i) {
        return new ApicDetailView(
                i.id(), i.projectId(), i.name(), i.status().wire(), i.status().number(), i.type(),
                i.spec() == null ? null : i.spec().name(), i.createTime(), i.enterpriseProjectId(), i.eipAddress(),
                i.chargingMode(), i.cbcMetadata(), i.cbcOperationLocks(), i.description(), i.vpcId(),
                i.subnetId(), i.securityGroupId(), i.maintainBegin(), i.maintainEnd(), i.ingressIp(), i.userId(),
                i.natEipIpv6Cidr(), i.eipIpv6Address(), i.natEipAddress(), i.bandwidthSize(),
                zonesAsString(i.availableZoneIds()), i.instanceVersion(), i.virsubnetId(), i.romaEipAddress(),
                i.listeners(), i.supportedFeatures(), i.ingressIpV6(), i.nodeIps(), i.ingressIps(),
                i.cipherType() == null ? null : i.cipherType().wire());
    }

    /** {@code ["a","b"]} becomes {@code "[a, b]"}, the form the API page's example shows. */
    public static String zonesAsString(List<String> zones) {
        return zones == null ? null : "[" + String.join(", ", zones) + "]";
    }
}
