package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.Instance;

import java.util.List;

/**
 * One item of ListRomaInstancesV3 ({@code GET /v3/{project_id}/roma/instances}): the documented fields, plus the
 * ones the platform list item has too ({@code publicip_address}, {@code project_id}, the times, the maintenance
 * window, the error fields), with the same values as the platform views: coarse {@code status}, ISO-8601 UTC times,
 * {@code available_zone_ids} an array. {@code category} is the edition ({@link #category}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record V3ListItemView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("status") String status,
        @JsonProperty("category") String category,
        @JsonProperty("charge_type") String chargeType,
        @JsonProperty("available_zone_ids") List<String> availableZoneIds,
        @JsonProperty("cpu_arch") String cpuArch,
        @JsonProperty("enterprise_project_id") String enterpriseProjectId,
        @JsonProperty("vpc_id") String vpcId,
        @JsonProperty("subnet_id") String subnetId,
        @JsonProperty("security_group_id") String securityGroupId,
        @JsonProperty("publicip_enable") Boolean publicipEnable,
        @JsonProperty("publicip_id") String publicipId,
        @JsonProperty("publicip_address") String publicipAddress,
        @JsonProperty("ingress_bandwidth_size") Integer ingressBandwidthSize,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("maintain_begin") String maintainBegin,
        @JsonProperty("maintain_end") String maintainEnd,
        @JsonProperty("create_time") String createTime,
        @JsonProperty("update_time") String updateTime,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("error_msg") String errorMsg) {

    /** The values of the {@code category} query parameter and field. */
    public static final List<String> CATEGORIES = List.of("basic", "professional", "enterprise", "platinum");

    /** An instance's category: its edition's flavor type (basic, professional, enterprise, platinum). */
    public static String category(Instance i) {
        String flavor = Platform.flavorType(i);
        return flavor == null ? "professional" : flavor;
    }

    public static V3ListItemView of(Instance i) {
        boolean open = i.eipAddress() != null;
        return new V3ListItemView(i.id(), i.name(), i.description(), i.coarseStatus().name(), category(i),
                Platform.chargeType(i), i.availableZoneIds(), Platform.cpuArch(i), i.enterpriseProjectId(),
                i.vpcId(), i.subnetId(), i.securityGroupId(), open, Platform.publicipId(i), i.eipAddress(),
                open ? i.bandwidthSize() : null, i.projectId(), i.maintainBegin(), i.maintainEnd(),
                Platform.time(i.createTime()), Platform.time(i.updateTime()), i.errorCode(), i.errorMessage());
    }
}
