package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.Instance;

import java.util.List;

/** One item of {@code GET /v2/{project_id}/instances} (the SDK's RomaInstanceCheckListRespInstances). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlatformListItemView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("flavor_id") String flavorId,
        @JsonProperty("flavor_type") String flavorType,
        @JsonProperty("cpu_arch") String cpuArch,
        @JsonProperty("vpc_id") String vpcId,
        @JsonProperty("subnet_id") String subnetId,
        @JsonProperty("security_group_id") String securityGroupId,
        @JsonProperty("publicip_enable") Boolean publicipEnable,
        @JsonProperty("publicip_id") String publicipId,
        @JsonProperty("publicip_address") String publicipAddress,
        @JsonProperty("status") String status,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("error_msg") String errorMsg,
        @JsonProperty("charge_type") String chargeType,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("create_time") String createTime,
        @JsonProperty("update_time") String updateTime,
        @JsonProperty("maintain_begin") String maintainBegin,
        @JsonProperty("maintain_end") String maintainEnd,
        @JsonProperty("available_zone_ids") List<String> availableZoneIds,
        @JsonProperty("enterprise_project_id") String enterpriseProjectId) {

    public static PlatformListItemView of(Instance i) {
        return new PlatformListItemView(
                i.id(), i.name(), i.description(), Platform.flavorId(i), Platform.flavorType(i), Platform.cpuArch(i),
                i.vpcId(), i.subnetId(), i.securityGroupId(), i.eipAddress() != null, Platform.publicipId(i),
                i.eipAddress(), i.coarseStatus().name(), i.errorCode(), i.errorMessage(), Platform.chargeType(i),
                i.projectId(), Platform.time(i.createTime()), Platform.time(i.updateTime()), i.maintainBegin(),
                i.maintainEnd(), i.availableZoneIds(), i.enterpriseProjectId());
    }
}
