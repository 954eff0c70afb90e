package dev.romalocal.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.error.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding of APIC-detail documents ({@link InstanceDocument#parse}): every field type, strictness, error paths. */
class InstanceDocumentTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Instance parse(String json) {
        return InstanceDocument.parse(node(json)).builder().build();
    }

    static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void everyFieldBindsWithItsType() {
        InstanceDocument.Parsed parsed = InstanceDocument.parse(node("""
                {"id": "inst-1", "project_id": "0123456789abcdef0123456789abcdef", "instance_name": "apig-demo",
                 "status": "Frozen", "instance_status": 37, "type": "apic", "spec": "ROMA_ENTERPRISE",
                 "create_time": 1700000000123, "enterprise_project_id": "0", "eip_address": "100.85.1.9",
                 "charging_mode": 1, "cbc_metadata": "CS1",
                 "cbc_operation_locks": [{"lock_scene": "TO_PERIOD_LOCK", "lock_source_id": "order-77"}],
                 "description": "a description", "vpc_id": "vpc-1", "subnet_id": "subnet-1",
                 "security_group_id": "sg-1", "maintain_begin": "22:00:00", "maintain_end": "02:00:00",
                 "ingress_ip": "10.1.2.3", "user_id": "user-42", "nat_eip_ipv6_cidr": "2001:db8:1::/64",
                 "eip_ipv6_address": "2001:db8::9", "nat_eip_address": "100.85.1.10", "bandwidth_size": 5,
                 "available_zone_ids": "[az-a, az-b]", "instance_version": "23.1.0", "virsubnet_id": "vs-1",
                 "roma_eip_address": "100.85.1.11",
                 "listeners": [{"name": "l1", "port": 443, "ip_version": 4, "backend": {"ip": ["10.0.0.5"],
                   "port": 8443, "health_check": {"protocol": "HTTP_GET", "port": 80, "unhealthy": 3,
                   "timeout": 5, "interval": 10}}}],
                 "supported_features": ["a", "b"], "ingress_ip_v6": "2001:db8::1",
                 "node_ips": {"livedata": ["10.0.0.2"], "shubao": ["10.0.0.3", "10.0.0.4"]},
                 "ingress_ips": "10.1.2.3,10.1.2.4", "cipher_type": "SMOnly", "cpu_arch": "aarch64",
                 "publicip_id": "eip-1"}
                """));
        Instance i = parsed.builder().build();
        assertThat(parsed.createTime()).isEqualTo(1700000000123L);
        assertThat(i.id()).isEqualTo("inst-1");
        assertThat(i.projectId()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(i.name()).isEqualTo("apig-demo");
        assertThat(i.status()).isEqualTo(InstanceStatus.fromWire("Frozen").orElseThrow());
        assertThat(i.type()).isEqualTo("apic");
        assertThat(i.spec()).isEqualTo(Spec.ROMA_ENTERPRISE);
        assertThat(i.cipherType()).isEqualTo(CipherType.SM_ONLY);
        assertThat(i.chargingMode()).isEqualTo(1);
        assertThat(i.cbcOperationLocks()).containsExactly(new Instance.CbcOperationLock("TO_PERIOD_LOCK", "order-77"));
        assertThat(i.maintainBegin()).isEqualTo("22:00:00");
        assertThat(i.maintainEnd()).isEqualTo("02:00:00");
        assertThat(i.bandwidthSize()).isEqualTo(5);
        assertThat(i.availableZoneIds()).containsExactly("az-a", "az-b");
        assertThat(i.listeners()).hasSize(1);
        Instance.Listener l = i.listeners().get(0);
        assertThat(l.name()).isEqualTo("l1");
        assertThat(l.port()).isEqualTo(443);
        assertThat(l.ipVersion()).isEqualTo(4);
        assertThat(l.backend().ip()).containsExactly("10.0.0.5");
        assertThat(l.backend().port()).isEqualTo(8443);
        assertThat(l.backend().healthCheck().protocol()).isEqualTo("HTTP_GET");
        assertThat(i.supportedFeatures()).containsExactly("a", "b");
        assertThat(i.nodeIps().livedata()).containsExactly("10.0.0.2");
        assertThat(i.nodeIps().shubao()).containsExactly("10.0.0.3", "10.0.0.4");
        assertThat(i.ingressIps()).isEqualTo("10.1.2.3,10.1.2.4");
        assertThat(i.cpuArch()).isEqualTo("aarch64");
        assertThat(i.publicipId()).isEqualTo("eip-1");
        assertThat(i.natEipIpv6Cidr()).isEqualTo("2001:db8:1::/64");
        assertThat(i.eipIpv6Address()).isEqualTo("2001:db8::9");
    }

    @Test
    void anEmptyDocumentGivesNothingAndNullsReadAsAbsent() {
        InstanceDocument.Parsed parsed = InstanceDocument.parse(node("{\"instance_name\": null, \"spec\": null}"));
        Instance i = parsed.builder().build();
        assertThat(parsed.createTime()).isNull();
        assertThat(i.name()).isNull();
        assertThat(i.spec()).isNull();
        assertThat(i.status()).isNull();
        assertThat(parse("{}").listeners()).isNull();
    }

    @Test
    void oneOfStatusOrNumberImpliesTheOther() {
        assertThat(parse("{\"instance_status\": 37}").status()).isEqualTo(InstanceStatus.fromWire("Frozen").orElseThrow());
        assertThat(parse("{\"status\": \"Running\"}").status().number()).isEqualTo(6);
    }

    @Test
    void zonesMayBeAnArray() {
        assertThat(parse("{\"available_zone_ids\": [\"az-1\", \"az-2\"]}").availableZoneIds())
                .containsExactly("az-1", "az-2");
        assertThat(parse("{\"available_zone_ids\": \"az-1\"}").availableZoneIds()).containsExactly("az-1");
    }

    /** Each bad document names the parameter (its dotted path) that is wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            []                                                           | body
            "a string"                                                   | body
            {"no_such_field": 1}                                         | no_such_field
            {"instance_name": 5}                                         | instance_name
            {"instance_name": "ab"}                                      | instance_name
            {"instance_name": "1abc"}                                    | instance_name
            {"description": "<b>"}                                       | description
            {"status": "RUNNING"}                                        | status
            {"status": 6}                                                | status
            {"instance_status": "6"}                                     | instance_status
            {"instance_status": 9}                                       | instance_status
            {"instance_status": 6.5}                                     | instance_status
            {"status": "Running", "instance_status": 37}                 | instance_status
            {"spec": "ROMA_HUGE"}                                        | spec
            {"cipher_type": "none"}                                      | cipher_type
            {"create_time": -1}                                          | create_time
            {"create_time": "1700000000000"}                             | create_time
            {"create_time": 1.5}                                         | create_time
            {"create_time": 99999999999999999999}                        | create_time
            {"charging_mode": 2}                                         | charging_mode
            {"charging_mode": true}                                      | charging_mode
            {"bandwidth_size": 2001}                                     | bandwidth_size
            {"bandwidth_size": 3000000000}                               | bandwidth_size
            {"eip_address": "300.1.1.1"}                                 | eip_address
            {"ingress_ip": "10.1.2"}                                     | ingress_ip
            {"eip_ipv6_address": "zz::1"}                                | eip_ipv6_address
            {"vpc_id": "../etc"}                                         | vpc_id
            {"maintain_begin": "22:00:00"}                               | maintain_end
            {"maintain_begin": "23:00:00", "maintain_end": "03:00:00"}   | maintain_begin
            {"maintain_begin": "22:00:00", "maintain_end": "01:00:00"}   | maintain_end
            {"available_zone_ids": [1]}                                  | available_zone_ids
            {"cbc_operation_locks": {}}                                  | cbc_operation_locks
            {"cbc_operation_locks": [1]}                                 | cbc_operation_locks[0]
            {"cbc_operation_locks": [{"lock_scene": "X"}]}               | cbc_operation_locks[0].lock_scene
            {"cbc_operation_locks": [{}, {"extra": 1}]}                  | cbc_operation_locks[1].extra
            {"listeners": [{"port": 0}]}                                 | listeners[0].port
            {"listeners": [{"ip_version": 5}]}                           | listeners[0].ip_version
            {"listeners": [{"backend": {"ip": ["x"]}}]}                  | listeners[0].backend.ip
            {"listeners": [{"backend": {"port": 70000}}]}                | listeners[0].backend.port
            {"listeners": [{"backend": {"health_check": {"protocol": "UDP"}}}]} | listeners[0].backend.health_check.protocol
            {"listeners": [{"backend": {"health_check": {"timeout": 0}}}]} | listeners[0].backend.health_check.timeout
            {"listeners": [{"backend": []}]}                             | listeners[0].backend
            {"node_ips": {"livedata": ["1.2.3"]}}                        | node_ips.livedata
            {"node_ips": {"other": []}}                                  | node_ips.other
            {"supported_features": "a"}                                  | supported_features
            {"cpu_arch": "x86"}                                          | cpu_arch
            {"id": "a/b"}                                                | id
            {"project_id": "{project_id}"}                               | project_id
            """)
    void badDocumentsNameTheParameter(String json, String parameter) {
        assertThatThrownBy(() -> InstanceDocument.parse(node(json)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.parameter()).as(e.getMessage()).isEqualTo(parameter);
                    assertThat(e.reason()).isNotBlank();
                });
    }

    @Test
    void listsAreImmutableCopies() {
        List<String> features = parse("{\"supported_features\": [\"x\"]}").supportedFeatures();
        assertThatThrownBy(() -> features.add("y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
