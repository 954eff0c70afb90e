package dev.romalocal.contract;

import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.CheckRomaInstanceListV2Request;
import com.huaweicloud.sdk.roma.v2.model.CheckRomaInstanceListV2Response;
import com.huaweicloud.sdk.roma.v2.model.RomaInstanceCheckListRespInstances;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;
import com.huaweicloud.sdk.roma.v2.model.ShowRestrictionOfInstanceV2Request;
import com.huaweicloud.sdk.roma.v2.model.ShowRestrictionOfInstanceV2Response;
import dev.romalocal.config.Settings;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.Sdk;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The founding contract, proven with the official SDK 3.1.143 (AK/SK-signed, {@code withEndpoint}): every field of
 * the detail view round-trips with its exact JSON type, the restriction and list APIs work, and the documented
 * errors arrive as the SDK's exceptions.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ContractTest extends ServerFixture {
    static final String FULL = """
            {
              "instance_name": "apig-demo",
              "status": "Frozen",
              "instance_status": 37,
              "type": "apic",
              "spec": "ROMA_ENTERPRISE",
              "create_time": 1700000000123,
              "enterprise_project_id": "0",
              "eip_address": "100.85.1.9",
              "charging_mode": 1,
              "cbc_metadata": "CS2311221234ABCDE",
              "cbc_operation_locks": [{"lock_scene": "TO_PERIOD_LOCK", "lock_source_id": "order-77"}],
              "description": "test create instance",
              "vpc_id": "0957108c-257c-4ce0-9e93-527d279ce763",
              "subnet_id": "a938121c-11c4-4c91-b983-bc9acd347bb5",
              "security_group_id": "36d0ec18-bd10-4da7-86f3-ad7a5ddc55d7",
              "maintain_begin": "22:00:00",
              "maintain_end": "02:00:00",
              "ingress_ip": "10.1.2.3",
              "user_id": "user-42",
              "nat_eip_ipv6_cidr": "2001:db8:1::/64",
              "eip_ipv6_address": "2001:db8::9",
              "nat_eip_address": "100.85.1.10",
              "bandwidth_size": 5,
              "available_zone_ids": "[region01, region02]",
              "instance_version": "23.1.0",
              "virsubnet_id": "virsubnet-1",
              "roma_eip_address": "100.85.1.11",
              "listeners": [{"name": "l1", "port": 443, "ip_version": 4,
                             "backend": {"ip": ["10.1.2.4", "10.1.2.5"], "port": 8443,
                                         "health_check": {"protocol": "TCP_CHECK", "port": 8443, "unhealthy": 3,
                                                          "timeout": 5, "interval": 10}}}],
              "supported_features": ["ratelimit", "cors"],
              "ingress_ip_v6": "2001:db8::1",
              "node_ips": {"livedata": ["10.1.2.6"], "shubao": ["10.1.2.7", "10.1.2.8"]},
              "ingress_ips": "10.1.2.3,10.1.2.9",
              "cipher_type": "SMCompatible"
            }
            """;

    RomaClient sdk() {
        return Sdk.roma(server.endpoint());
    }

    ShowDetailsOfInstanceV2Response show(String id) {
        return sdk().showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId(id));
    }

    @Test
    void everyFieldRoundTripsThroughTheSdk() {
        upsertOk("full-1", FULL);
        ShowDetailsOfInstanceV2Response r = show("full-1");
        assertThat(r.getHttpStatusCode()).isEqualTo(200);
        assertThat(r.getId()).isEqualTo("full-1");
        assertThat(r.getProjectId()).isEqualTo(PROJECT);
        assertThat(r.getInstanceName()).isEqualTo("apig-demo");
        assertThat(r.getStatus().getValue()).isEqualTo("Frozen");
        assertThat(r.getStatus()).isEqualTo(ShowDetailsOfInstanceV2Response.StatusEnum.FROZEN);
        assertThat(r.getInstanceStatus()).isEqualTo(37);
        assertThat(r.getType()).isEqualTo("apic");
        assertThat(r.getSpec()).isEqualTo(ShowDetailsOfInstanceV2Response.SpecEnum.ROMA_ENTERPRISE);
        assertThat(r.getCreateTime()).isEqualTo(1700000000123L);
        assertThat(r.getEnterpriseProjectId()).isEqualTo("0");
        assertThat(r.getEipAddress()).isEqualTo("100.85.1.9");
        assertThat(r.getChargingMode()).isEqualTo(1);
        assertThat(r.getCbcMetadata()).isEqualTo("CS2311221234ABCDE");
        assertThat(r.getDescription()).isEqualTo("test create instance");
        assertThat(r.getVpcId()).isEqualTo("0957108c-257c-4ce0-9e93-527d279ce763");
        assertThat(r.getSubnetId()).isEqualTo("a938121c-11c4-4c91-b983-bc9acd347bb5");
        assertThat(r.getSecurityGroupId()).isEqualTo("36d0ec18-bd10-4da7-86f3-ad7a5ddc55d7");
        assertThat(r.getMaintainBegin()).isEqualTo("22:00:00");
        assertThat(r.getMaintainEnd()).isEqualTo("02:00:00");
        assertThat(r.getIngressIp()).isEqualTo("10.1.2.3");
        assertThat(r.getUserId()).isEqualTo("user-42");
        assertThat(r.getNatEipIpv6Cidr()).isEqualTo("2001:db8:1::/64");
        assertThat(r.getEipIpv6Address()).isEqualTo("2001:db8::9");
        assertThat(r.getNatEipAddress()).isEqualTo("100.85.1.10");
        assertThat(r.getBandwidthSize()).isEqualTo(5);
        assertThat(r.getAvailableZoneIds()).isEqualTo("[region01, region02]");
        assertThat(r.getInstanceVersion()).isEqualTo("23.1.0");
        assertThat(r.getVirsubnetId()).isEqualTo("virsubnet-1");
        assertThat(r.getRomaEipAddress()).isEqualTo("100.85.1.11");
        assertThat(r.getListeners()).hasSize(1);
        var listener = r.getListeners().get(0);
        assertThat(listener.getName()).isEqualTo("l1");
        assertThat(listener.getPort()).isEqualTo(443);
        assertThat(listener.getIpVersion()).isEqualTo(4);
        assertThat(listener.getBackend().getIp()).containsExactly("10.1.2.4", "10.1.2.5");
        assertThat(listener.getBackend().getPort()).isEqualTo(8443);
        assertThat(listener.getBackend().getHealthCheck().getProtocol().getValue()).isEqualTo("TCP_CHECK");
        assertThat(listener.getBackend().getHealthCheck().getPort()).isEqualTo(8443);
        assertThat(listener.getBackend().getHealthCheck().getUnhealthy()).isEqualTo(3);
        assertThat(listener.getBackend().getHealthCheck().getTimeout()).isEqualTo(5);
        assertThat(listener.getBackend().getHealthCheck().getInterval()).isEqualTo(10);
        assertThat(r.getSupportedFeatures()).containsExactly("ratelimit", "cors");
        assertThat(r.getIngressIpV6()).isEqualTo("2001:db8::1");
        assertThat(r.getNodeIps().getLivedata()).containsExactly("10.1.2.6");
        assertThat(r.getNodeIps().getShubao()).containsExactly("10.1.2.7", "10.1.2.8");
        assertThat(r.getIngressIps()).isEqualTo("10.1.2.3,10.1.2.9");
        assertThat(r.getCipherType()).isEqualTo(ShowDetailsOfInstanceV2Response.CipherTypeEnum.SMCOMPATIBLE);
    }

    @Test
    void rawJsonCarriesThePagesTypes() {
        upsertOk("full-2", FULL);
        Http.Response r = get("/v2/" + PROJECT + "/apic/instances/full-2");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Request-Id")).matches("[0-9a-f]{32}");
        JsonNode j = r.json();
        for (String s : List.of("id", "project_id", "instance_name", "status", "type", "spec",
                "enterprise_project_id", "eip_address", "cbc_metadata", "description", "vpc_id", "subnet_id",
                "security_group_id", "maintain_begin", "maintain_end", "ingress_ip", "user_id", "nat_eip_ipv6_cidr",
                "eip_ipv6_address", "nat_eip_address", "available_zone_ids", "instance_version", "virsubnet_id",
                "roma_eip_address", "ingress_ip_v6", "ingress_ips", "cipher_type")) {
            assertThat(j.get(s).isTextual()).as(s + " is a string").isTrue();
        }
        for (String n : List.of("instance_status", "charging_mode", "bandwidth_size")) {
            assertThat(j.get(n).isInt()).as(n + " is an integer").isTrue();
        }
        assertThat(j.get("create_time").isIntegralNumber()).isTrue();
        for (String a : List.of("cbc_operation_locks", "listeners", "supported_features")) {
            assertThat(j.get(a).isArray()).as(a + " is an array").isTrue();
        }
        assertThat(j.get("node_ips").isObject()).isTrue();
        assertThat(j.at("/cbc_operation_locks/0/lock_scene").asText()).isEqualTo("TO_PERIOD_LOCK");
        assertThat(j.at("/cbc_operation_locks/0/lock_source_id").asText()).isEqualTo("order-77");
        assertThat(j.at("/listeners/0/backend/health_check/protocol").asText()).isEqualTo("TCP_CHECK");
    }

    @Test
    void generatedDefaultsFillEveryUsualField() {
        upsertOk("gen-1", "{}");
        ShowDetailsOfInstanceV2Response r = show("gen-1");
        assertThat(r.getStatus()).isEqualTo(ShowDetailsOfInstanceV2Response.StatusEnum.RUNNING);
        assertThat(r.getInstanceStatus()).isEqualTo(6);
        assertThat(r.getInstanceName()).startsWith("roma-");
        assertThat(r.getSpec()).isEqualTo(ShowDetailsOfInstanceV2Response.SpecEnum.ROMA_PROFESSIONAL);
        assertThat(r.getCreateTime()).isPositive();
        assertThat(r.getIngressIp()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(r.getNodeIps().getLivedata()).hasSize(2);
        assertThat(r.getNodeIps().getShubao()).hasSize(2);
        assertThat(r.getAvailableZoneIds()).isEqualTo("[cn-north-4a, cn-north-4b]");
        assertThat(r.getMaintainBegin()).isEqualTo("22:00:00");
        assertThat(r.getMaintainEnd()).isEqualTo("02:00:00");
        assertThat(r.getSupportedFeatures()).isNotEmpty();
        assertThat(r.getUserId()).isEqualTo(server.identity().userId());
        assertThat(r.getCipherType()).isEqualTo(ShowDetailsOfInstanceV2Response.CipherTypeEnum.GENERALCIPHER);
        Set<String> addresses = new HashSet<>(r.getNodeIps().getLivedata());
        addresses.addAll(r.getNodeIps().getShubao());
        addresses.add(r.getIngressIp());
        assertThat(addresses).as("no address handed out twice").hasSize(5);
    }

    @Test
    void everyStatusPairRoundTrips() {
        for (InstanceStatus s : InstanceStatus.values()) {
            upsertOk("status-" + s.number(), "{\"status\":\"" + s.wire() + "\"}");
            ShowDetailsOfInstanceV2Response r = show("status-" + s.number());
            assertThat(r.getStatus().getValue()).isEqualTo(s.wire());
            assertThat(r.getStatus()).isEqualTo(ShowDetailsOfInstanceV2Response.StatusEnum.fromValue(s.wire()));
            assertThat(r.getInstanceStatus()).isEqualTo(s.number());
        }
    }

    @Test
    void restrictionThroughTheSdk() {
        upsertOk("restr-1", "{}");
        ShowRestrictionOfInstanceV2Response r = sdk().showRestrictionOfInstanceV2(
                new ShowRestrictionOfInstanceV2Request().withInstanceId("restr-1"));
        assertThat(r.getRestrictCidrs()).isNotEmpty();
        assertThat(r.getResourceSubnetCidr()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+");
        assertThat(r.getRestrictCidrs()).contains(r.getResourceSubnetCidr());
        assertThatThrownBy(() -> sdk().showRestrictionOfInstanceV2(
                new ShowRestrictionOfInstanceV2Request().withInstanceId("no-such")))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("APIC.7302");
                });
    }

    @Test
    void listPagesAndFiltersThroughTheSdk() {
        http.withToken("POST", "/_roma_local/reset", adminToken, null);
        for (int i = 0; i < 25; i++) {
            String status = i % 5 == 0 ? "Frozen" : i % 5 == 1 ? "Creating" : "Running";
            upsertOk(String.format("list-%02d", i), "{\"status\":\"" + status + "\",\"create_time\":"
                    + (1700000000000L + i * 1000L) + "}");
        }
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < 30; offset += 10) {
            CheckRomaInstanceListV2Response page = sdk().checkRomaInstanceListV2(
                    new CheckRomaInstanceListV2Request().withOffset(offset).withLimit(10));
            assertThat(page.getTotal()).isEqualTo(25);
            assertThat(page.getSize()).isEqualTo(offset < 20 ? 10 : 5);
            assertThat(page.getInstances()).hasSize(page.getSize());
            page.getInstances().forEach(i -> assertThat(seen.add(i.getId())).as("no item twice").isTrue());
        }
        assertThat(seen).hasSize(25);
        CheckRomaInstanceListV2Response first = sdk().checkRomaInstanceListV2(new CheckRomaInstanceListV2Request());
        assertThat(first.getSize()).isEqualTo(10);
        assertThat(first.getInstances().get(0).getId()).as("newest first").isEqualTo("list-24");
        CheckRomaInstanceListV2Response frozen = sdk().checkRomaInstanceListV2(
                new CheckRomaInstanceListV2Request().withStatus("FROZEN").withLimit(100));
        assertThat(frozen.getTotal()).isEqualTo(5);
        assertThat(frozen.getInstances()).allSatisfy(i -> assertThat(i.getStatus())
                .isEqualTo(RomaInstanceCheckListRespInstances.StatusEnum.FROZEN));
        CheckRomaInstanceListV2Response creating = sdk().checkRomaInstanceListV2(
                new CheckRomaInstanceListV2Request().withStatus("CREATING"));
        assertThat(creating.getTotal()).isEqualTo(5);
        RomaInstanceCheckListRespInstances item = creating.getInstances().get(0);
        assertThat(item.getAvailableZoneIds()).containsExactly("cn-north-4a", "cn-north-4b");
        assertThat(item.getCpuArch()).isEqualTo(RomaInstanceCheckListRespInstances.CpuArchEnum.X86_64);
        assertThat(item.getChargeType()).isEqualTo(RomaInstanceCheckListRespInstances.ChargeTypeEnum.POSTPAID);
        assertThat(item.getCreateTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(sdk().checkRomaInstanceListV2(new CheckRomaInstanceListV2Request().withStatus("RUNNING"))
                .getTotal()).isEqualTo(15);
    }

    @Test
    void unknownInstanceIs404WithTheRequestId() {
        assertThatThrownBy(() -> show("does-not-exist"))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("APIC.7302");
                    assertThat(e.getErrorMsg()).isEqualTo("Instance not found");
                    assertThat(e.getRequestId()).matches("[0-9a-f]{32}");
                });
    }

    @Test
    void wrongSecretKeyIs401() {
        RomaClient wrong = Sdk.roma(server.endpoint(), Settings.DEFAULT_ACCESS_KEY, "not-the-secret", PROJECT);
        assertThatThrownBy(() -> wrong.showDetailsOfInstanceV2(
                new ShowDetailsOfInstanceV2Request().withInstanceId("anything")))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
                    assertThat(e.getErrorMsg()).startsWith(
                            "Incorrect IAM authentication information: verify aksk signature fail");
                    assertThat(e.getRequestId()).isNotNull();
                });
    }

    @Test
    void unknownAccessKeyIs401() {
        RomaClient unknown = Sdk.roma(server.endpoint(), "NOSUCHACCESSKEY", "x", PROJECT);
        assertThatThrownBy(() -> unknown.showDetailsOfInstanceV2(
                new ShowDetailsOfInstanceV2Request().withInstanceId("anything")))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
                    assertThat(e.getErrorMsg()).contains("ak:NOSUCHACCESSKEY,err:ak not exist");
                });
    }

    @Test
    void anotherProjectIs403() {
        RomaClient other = Sdk.roma(server.endpoint(), Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY,
                "fedcba9876543210fedcba9876543210");
        assertThatThrownBy(() -> other.showDetailsOfInstanceV2(
                new ShowDetailsOfInstanceV2Request().withInstanceId("anything")))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode()).isEqualTo("APIC.7106");
                    assertThat(e.getErrorMsg()).isEqualTo("No permissions to request for the method");
                });
    }

    @Test
    void sdkWithoutAProjectIdGetsAClear400() {
        RomaClient noProject = Sdk.roma(server.endpoint(), Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY,
                null);
        assertThatThrownBy(() -> noProject.showDetailsOfInstanceV2(
                new ShowDetailsOfInstanceV2Request().withInstanceId("anything")))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("APIG.2012");
                    assertThat(e.getErrorMsg()).contains("parameterName:project_id");
                });
    }

    @Test
    void platformDetailCarriesZonesAsAnArray() {
        upsertOk("plat-1", FULL);
        Http.Response r = get("/v2/" + PROJECT + "/instances/plat-1");
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("instance_id").asText()).isEqualTo("plat-1");
        assertThat(j.get("available_zone_ids").isArray()).isTrue();
        assertThat(j.get("available_zone_ids").get(0).asText()).isEqualTo("region01");
        assertThat(j.get("status").asText()).isEqualTo("FROZEN");
        assertThat(j.get("flavor_type").asText()).isEqualTo("enterprise");
        assertThat(j.get("publicip_enable").asBoolean()).isTrue();
        assertThat(j.get("publicip_address").asText()).isEqualTo("100.85.1.9");
        assertThat(j.get("charge_type").asText()).isEqualTo("prePaid");
        assertThat(j.get("bandwidths").asInt()).isEqualTo(5);
        assertThat(get("/v2/" + PROJECT + "/instances/no-such").status()).isEqualTo(404);
    }
}
