package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.Instance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform detail view ({@code GET /v2/{project_id}/instances/{instance_id}}, and the answer to the
 * HuaweiCloudStack create call): the SDK's RomaInstance model. {@code available_zone_ids} is an array
 * here; times are ISO-8601 UTC strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlatformInstanceView(
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("name") String name,
        @JsonProperty("site_id") String siteId,
        @JsonProperty("description") String description,
        @JsonProperty("flavor_id") String flavorId,
        @JsonProperty("flavor_type") String flavorType,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("available_zone_ids") List<String> availableZoneIds,
        @JsonProperty("vpc_id") String vpcId,
        @JsonProperty("subnet_id") String subnetId,
        @JsonProperty("security_group_id") String securityGroupId,
        @JsonProperty("cpu_arch") String cpuArch,
        @JsonProperty("status") String status,
        @JsonProperty("publicip_id") String publicipId,
        @JsonProperty("publicip_address") String publicipAddress,
        @JsonProperty("publicip_enable") boolean publicipEnable,
        @JsonProperty("connect_address") String connectAddress,
        @JsonProperty("charge_type") String chargeType,
        @JsonProperty("bandwidths") int bandwidths,
        @JsonProperty("ipv6_enable") boolean ipv6Enable,
        @JsonProperty("maintain_begin") String maintainBegin,
        @JsonProperty("maintain_end") String maintainEnd,
        @JsonProperty("enterprise_project_id") String enterpriseProjectId,
        @JsonProperty("resources") Map<String, Map<String, Object>> resources,
        @JsonProperty("ipv6_connect_address") String ipv6ConnectAddress,
        @JsonProperty("rocketmq_enable") boolean rocketmqEnable,
        @JsonProperty("external_elb_enable") boolean externalElbEnable,
        @JsonProperty("create_time") String createTime,
        @JsonProperty("update_time") String updateTime,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("error_msg") String errorMsg) {

    private static final List<String> COMPONENTS = List.of("apic", "mqs", "fdi", "link", "compose", "lb");

    public static PlatformInstanceView of(Instance i) {
        return new PlatformInstanceView(
                i.id(), i.name(), null, i.description(), Platform.flavorId(i), Platform.flavorType(i), i.projectId(),
                i.availableZoneIds(), i.vpcId(), i.subnetId(), i.securityGroupId(), Platform.cpuArch(i),
                i.coarseStatus().name(), Platform.publicipId(i), i.eipAddress(), i.eipAddress() != null,
                i.ingressIp(), Platform.chargeType(i), i.bandwidthSize() == null ? 0 : i.bandwidthSize(),
                Platform.ipv6Enabled(i), i.maintainBegin(), i.maintainEnd(), i.enterpriseProjectId(),
                resources(i), i.ingressIpV6(), MqsInstanceView.settings(i).rocketmqEnable(), false,
                Platform.time(i.createTime()),
                Platform.time(i.updateTime()), i.errorCode(), i.errorMessage());
    }

    private static Map<String, Map<String, Object>> resources(Instance i) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String component : COMPONENTS) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", UUID.nameUUIDFromBytes((i.id() + "/" + component).getBytes()).toString());
            r.put("enable", true);
            if (component.equals("mqs")) {
                // The same settings and addresses the MQS views (MqsInstanceView) show.
                Instance.Mqs m = MqsInstanceView.settings(i);
                r.put("retention_policy", m.retentionPolicy());
                r.put("ssl_enable", m.sslEnable());
                r.put("trace_enable", m.traceEnable());
                r.put("vpc_client_plain", m.vpcClientPlain());
                r.put("partition_num", MqsInstanceView.Flavor.of(i.spec()).partitions());
                r.put("specification", MqsInstanceView.Flavor.of(i.spec()).specification());
                if (i.ingressIp() != null) {
                    r.put("private_connect_address", MqsInstanceView.privateAddress(i, m));
                    r.put("private_restful_address", MqsInstanceView.restAddress(i.ingressIp()));
                }
                String publicAddress = MqsInstanceView.publicAddress(i, m);
                if (publicAddress != null) {
                    r.put("public_connect_address", publicAddress);
                    r.put("public_restful_address", MqsInstanceView.restAddress(i.eipAddress()));
                }
            }
            out.put(component, r);
        }
        return out;
    }
}
