package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceDefaults;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.instance.Spec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * An instance's message queue as a Kafka instance: ShowMqsInstance ({@code GET /v2/{project_id}/mqs/instances/{id}})
 * and each item of ListMqsInstance (the SDK's ShowMqsInstanceResponse and ShowInstanceResp: the same fields).
 * Everything derives from the ROMA instance: its id, name, network, times, coarse status ({@link #status}), its MQS
 * settings ({@link Instance.Mqs}, absent ones at {@link InstanceDefaults#mqs}'s defaults) and its edition
 * ({@link Flavor}). JSON types are the SDK's: {@code partition_num} and {@code created_at} (epoch ms) are strings,
 * {@code charging_mode} is 1 for pay-per-use and 0 for yearly/monthly (the reverse of the APIC detail's). The
 * account-side values a Kafka instance reports (its user names, subnet CIDR, cross-VPC and pod addresses) come from a
 * document's {@code mqs} settings and are absent unless given; the connector's id and address are derived when
 * {@code connector_enable} is on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MqsInstanceView(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("engine") String engine,
        @JsonProperty("engine_version") String engineVersion,
        @JsonProperty("specification") String specification,
        @JsonProperty("storage_space") Integer storageSpace,
        @JsonProperty("partition_num") String partitionNum,
        @JsonProperty("used_storage_space") Integer usedStorageSpace,
        @JsonProperty("connect_address") String connectAddress,
        @JsonProperty("port") Integer port,
        @JsonProperty("status") String status,
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("resource_spec_code") String resourceSpecCode,
        @JsonProperty("charging_mode") Integer chargingMode,
        @JsonProperty("vpc_id") String vpcId,
        @JsonProperty("vpc_name") String vpcName,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("user_id") String userId,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("maintain_begin") String maintainBegin,
        @JsonProperty("maintain_end") String maintainEnd,
        @JsonProperty("enable_publicip") Boolean enablePublicip,
        @JsonProperty("management_connect_address") String managementConnectAddress,
        @JsonProperty("ssl_enable") Boolean sslEnable,
        @JsonProperty("enterprise_project_id") String enterpriseProjectId,
        @JsonProperty("is_logical_volume") Boolean isLogicalVolume,
        @JsonProperty("extend_times") Integer extendTimes,
        @JsonProperty("enable_auto_topic") Boolean enableAutoTopic,
        @JsonProperty("type") String type,
        @JsonProperty("product_id") String productId,
        @JsonProperty("security_group_id") String securityGroupId,
        @JsonProperty("security_group_name") String securityGroupName,
        @JsonProperty("subnet_id") String subnetId,
        @JsonProperty("subnet_name") String subnetName,
        @JsonProperty("available_zones") List<String> availableZones,
        @JsonProperty("total_storage_space") Integer totalStorageSpace,
        @JsonProperty("public_connect_address") String publicConnectAddress,
        @JsonProperty("storage_resource_id") String storageResourceId,
        @JsonProperty("storage_spec_code") String storageSpecCode,
        @JsonProperty("service_type") String serviceType,
        @JsonProperty("storage_type") String storageType,
        @JsonProperty("retention_policy") String retentionPolicy,
        @JsonProperty("kafka_public_status") String kafkaPublicStatus,
        @JsonProperty("public_bandwidth") Integer publicBandwidth,
        @JsonProperty("enable_log_collection") Boolean enableLogCollection,
        @JsonProperty("ipv6_enable") Boolean ipv6Enable,
        @JsonProperty("ipv6_connect_addresses") List<String> ipv6ConnectAddresses,
        @JsonProperty("connector_enable") Boolean connectorEnable,
        @JsonProperty("mqs_connector_enable") Boolean mqsConnectorEnable,
        @JsonProperty("plugin_enable") Boolean pluginEnable,
        @JsonProperty("rest_enable") Boolean restEnable,
        @JsonProperty("rest_connect_address") String restConnectAddress,
        @JsonProperty("message_query_inst_enable") Boolean messageQueryInstEnable,
        @JsonProperty("vpc_client_plain") Boolean vpcClientPlain,
        @JsonProperty("support_features") String supportFeatures,
        @JsonProperty("trace_enable") Boolean traceEnable,
        @JsonProperty("disk_encrypted") Boolean diskEncrypted,
        @JsonProperty("kafka_private_connect_address") String kafkaPrivateConnectAddress,
        @JsonProperty("ces_version") String cesVersion,
        @JsonProperty("node_num") Integer nodeNum,
        @JsonProperty("publicip_address") String publicipAddress,
        @JsonProperty("public_access_enabled") String publicAccessEnabled,
        @JsonProperty("public_boundwidth") Integer publicBoundwidth,
        @JsonProperty("agent_enable") Boolean agentEnable,
        @JsonProperty("user_name") String userName,
        @JsonProperty("access_user") String accessUser,
        @JsonProperty("kafka_manager_user") String kafkaManagerUser,
        @JsonProperty("subnet_cidr") String subnetCidr,
        @JsonProperty("cross_vpc_info") String crossVpcInfo,
        @JsonProperty("connector_id") String connectorId,
        @JsonProperty("mqs_connector_address") String mqsConnectorAddress,
        @JsonProperty("pod_connect_address") String podConnectAddress) {

    /** The Kafka flavor of each edition: bandwidth class, resource spec code, partitions and storage (GB). */
    public enum Flavor {
        BASIC("100MB", "dms.instance.kafka.cluster.c3.mini", 300, 300),
        PROFESSIONAL("300MB", "dms.instance.kafka.cluster.c3.small.2", 900, 600),
        ENTERPRISE("600MB", "dms.instance.kafka.cluster.c3.middle.2", 1800, 1200),
        PLATINUM("1200MB", "dms.instance.kafka.cluster.c3.high.2", 3000, 2400);

        private final String specification;
        private final String resourceSpecCode;
        private final int partitions;
        private final int storageGb;

        Flavor(String specification, String resourceSpecCode, int partitions, int storageGb) {
            this.specification = specification;
            this.resourceSpecCode = resourceSpecCode;
            this.partitions = partitions;
            this.storageGb = storageGb;
        }

        public static Flavor of(Spec spec) {
            return switch (spec == null ? "professional" : spec.flavorType()) {
                case "basic" -> BASIC;
                case "enterprise" -> ENTERPRISE;
                case "platinum" -> PLATINUM;
                default -> PROFESSIONAL;
            };
        }

        public String specification() {
            return specification;
        }

        public int partitions() {
            return partitions;
        }
    }

    /** The instance's MQS settings, absent ones at their defaults (also for instances stored before they existed). */
    static Instance.Mqs settings(Instance i) {
        return InstanceDefaults.mqs(i.mqs(), i.eipAddress() != null);
    }

    /** The Kafka port inside the VPC: 9093 with SSL (SASL_SSL), else 9092. */
    static int privatePort(Instance.Mqs m) {
        return Boolean.TRUE.equals(m.sslEnable()) ? 9093 : 9092;
    }

    /** The Kafka port on the public address: 9095 with SSL, else 9094. */
    static int publicPort(Instance.Mqs m) {
        return Boolean.TRUE.equals(m.sslEnable()) ? 9095 : 9094;
    }

    /** {@code ip:port} inside the VPC (on the ingress address), or null before it has one. */
    static String privateAddress(Instance i, Instance.Mqs m) {
        return i.ingressIp() == null ? null : i.ingressIp() + ":" + privatePort(m);
    }

    /** {@code ip:port} on the public address when public access is on, else null. */
    static String publicAddress(Instance i, Instance.Mqs m) {
        return Boolean.TRUE.equals(m.enablePublicip()) && i.eipAddress() != null
                ? i.eipAddress() + ":" + publicPort(m) : null;
    }

    static String restAddress(String ip) {
        return ip == null ? null : "https://" + ip + ":9292";
    }

    /**
     * The MQS status of a ROMA instance: its coarse status, spelled as DMS Kafka spells it, with the operations a
     * Kafka instance reports on its own (restart, upgrade, rollback).
     */
    public static String status(Instance i) {
        InstanceStatus s = i.status();
        return switch (i.coarseStatus()) {
            case CREATING -> "CREATING";
            case CREATE_FAILED -> "CREATEFAILED";
            case RUNNING -> s == InstanceStatus.RESTARTING ? "RESTARTING" : s == InstanceStatus.UPDATING ? "UPGRADING"
                    : s == InstanceStatus.ROLLBACKING ? "ROLLBACK" : "RUNNING";
            case ERROR, DELETE_FALIED -> "ERROR";
            case FREEZING -> "FREEZING";
            case FROZEN -> "FROZEN";
            case DELETING -> "DELETING";
        };
    }

    public static MqsInstanceView of(Instance i) {
        Instance.Mqs m = settings(i);
        Flavor f = Flavor.of(i.spec());
        boolean prePaid = i.chargingMode() != null && i.chargingMode() == 1;
        String publicAddress = publicAddress(i, m);
        boolean open = publicAddress != null;
        Integer bandwidth = open ? (i.bandwidthSize() == null ? 5 : i.bandwidthSize()) : null;
        return new MqsInstanceView(
                i.name(), i.description(), "kafka", m.engineVersion(), f.specification, f.storageGb,
                String.valueOf(f.partitions), 0, i.ingressIp(), privatePort(m), status(i), i.id(),
                f.resourceSpecCode, prePaid ? 0 : 1, i.vpcId(), name("vpc", i.vpcId()),
                String.valueOf(i.createTime()), i.userId(), prePaid ? orderId(i.id()) : "", i.maintainBegin(),
                i.maintainEnd(), open, i.ingressIp() == null ? null : "https://" + i.ingressIp() + ":9999",
                m.sslEnable(), i.enterpriseProjectId(), true, 0, false,
                "cluster", Platform.flavorId(i), i.securityGroupId(), name("sg", i.securityGroupId()),
                i.subnetId(), name("subnet", i.subnetId()), i.availableZoneIds(), f.storageGb, publicAddress,
                derivedId(i.id(), "mqs-storage"), "dms.physical.storage.ultra", "advanced", "hec",
                m.retentionPolicy(), open ? "true" : "closed", bandwidth, false, Platform.ipv6Enabled(i),
                i.ingressIpV6() == null ? List.of() : List.of(i.ingressIpV6()), m.connectorEnable(), false, false,
                true, restAddress(i.ingressIp()), true, m.vpcClientPlain(),
                "feature.physerver.kafka.topic.modify,feature.physerver.kafka.user.manager", m.traceEnable(), false,
                privateAddress(i, m), "linux", 3, open ? i.eipAddress() : null, open ? "true" : "false", bandwidth,
                false, m.userName(), m.accessUser(), m.kafkaManagerUser(), m.subnetCidr(), m.crossVpcInfo(),
                connectorId(i, m), connectorAddress(i, m), m.podConnectAddress());
    }

    /** The Smart Connect task's id when connectors are on: the document's, else one derived from the instance. */
    static String connectorId(Instance i, Instance.Mqs m) {
        if (m.connectorId() != null) {
            return m.connectorId();
        }
        return Boolean.TRUE.equals(m.connectorEnable()) ? derivedId(i.id(), "mqs-connector") : null;
    }

    /** Where Smart Connect listens when connectors are on: the document's, else {@code ingress:9011}. */
    static String connectorAddress(Instance i, Instance.Mqs m) {
        if (m.mqsConnectorAddress() != null) {
            return m.mqsConnectorAddress();
        }
        return Boolean.TRUE.equals(m.connectorEnable()) && i.ingressIp() != null ? i.ingressIp() + ":9011" : null;
    }

    /** A readable name for a network resource: {@code <kind>-<first 8 characters of its id>}. */
    private static String name(String kind, String id) {
        return id == null ? null : kind + "-" + id.substring(0, Math.min(8, id.length()));
    }

    private static String derivedId(String instanceId, String what) {
        return UUID.nameUUIDFromBytes((instanceId + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A yearly/monthly instance's order: {@code CS} and 17 digits derived from the instance id. */
    private static String orderId(String instanceId) {
        long bits = UUID.nameUUIDFromBytes(("order/" + instanceId).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits() & Long.MAX_VALUE;
        return String.format("CS%017d", bits % 100_000_000_000_000_000L);
    }
}
