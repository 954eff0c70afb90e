package dev.romalocal.instance;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.json.OneOf;
import dev.romalocal.json.Text;
import jakarta.validation.Valid;
import org.hibernate.validator.constraints.Range;

import java.util.List;

/**
 * The instance aggregate: the one source from which every view (APIC detail, platform detail, list items,
 * progress) is derived. Immutable; change it with {@link #toBuilder()}.
 *
 * <p>Times are epoch milliseconds of the lifecycle clock. {@code activity} is the last lifecycle operation (running
 * or ended; null when there was none); {@code createFinishedAt} is when creation completed; {@code errorCode}/
 * {@code errorMessage} describe the last failed operation. {@code liveHealthChecks} (an extension) turns the
 * server's probes of the listeners' backends on (true) or off (false) for this instance; null follows the server's
 * {@code --health-checks}.
 */
public record Instance(
        String id,
        String projectId,
        String name,
        String description,
        InstanceStatus status,
        Activity activity,
        Long createFinishedAt,
        String errorCode,
        String errorMessage,
        String type,
        Spec spec,
        CipherType cipherType,
        long createTime,
        long updateTime,
        String enterpriseProjectId,
        String eipAddress,
        Integer chargingMode,
        String cbcMetadata,
        List<CbcOperationLock> cbcOperationLocks,
        String vpcId,
        String subnetId,
        String securityGroupId,
        String maintainBegin,
        String maintainEnd,
        String ingressIp,
        String userId,
        String natEipIpv6Cidr,
        String eipIpv6Address,
        String natEipAddress,
        Integer bandwidthSize,
        List<String> availableZoneIds,
        String instanceVersion,
        String virsubnetId,
        String romaEipAddress,
        List<Listener> listeners,
        Boolean liveHealthChecks,
        List<String> supportedFeatures,
        String ingressIpV6,
        NodeIps nodeIps,
        String ingressIps,
        String cpuArch,
        String publicipId,
        Mqs mqs,
        LiveDataQuota livedataQuota,
        List<String> tags,
        List<Feature> features) {

    /** The operation name used while an instance starts again after an unfreeze. */
    public static final String OP_UNFREEZE = "unfreeze";

    public CoarseStatus coarseStatus() {
        return status.coarse(busy() && OP_UNFREEZE.equals(activity.name()));
    }

    /** True while a lifecycle operation is in progress. */
    public boolean busy() {
        return activity != null && activity.outcome() == Activity.Outcome.RUNNING;
    }

    /**
     * A lifecycle operation: its name, the step it is at (or failed at) of how many, when it started and ended.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Activity(String name, int step, int steps, long startedAt, Long endedAt, Outcome outcome) {
        public enum Outcome { RUNNING, SUCCEEDED, FAILED }

        public Activity at(int newStep) {
            return new Activity(name, newStep, steps, startedAt, endedAt, outcome);
        }

        public Activity ended(long at, Outcome how) {
            return new Activity(name, step, steps, startedAt, at, how);
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    // The nested shapes are the API page's Tables 4-8; their JSON names are the wire names. Their constraints
    // apply where a request gives them (InstanceDocument); lists are immutable copies.

    /** Table 4. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CbcOperationLock(@JsonProperty("lock_scene") @OneOf({"TO_PERIOD_LOCK", "SPEC_CHG_LOCK"})
                                   String lockScene,
                                   @JsonProperty("lock_source_id") String lockSourceId) {
    }

    /** Table 5; its backend addresses are of its ip_version ({@link ListenerAddresses}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ListenerAddresses
    @JsonClassDescription(ListenerAddresses.ABOUT)
    public record Listener(@JsonProperty("name") String name,
                           @JsonProperty("port") @Range(min = 1, max = 65535) Integer port,
                           @JsonProperty("backend") @Valid Backend backend,
                           @JsonProperty("ip_version") @OneOf({"4", "6"}) Integer ipVersion) {
    }

    /** Table 6. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Backend(@JsonProperty("ip") List<@Is(Rule.IP) String> ip,
                          @JsonProperty("port") @Range(min = 1, max = 65535) Integer port,
                          @JsonProperty("health_check") @Valid HealthCheck healthCheck) {
        public Backend {
            ip = ip == null ? null : List.copyOf(ip);
        }
    }

    /** Table 7. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthCheck(@JsonProperty("protocol") @OneOf({"TCP_CHECK", "HTTP_GET", "SSL_GET"}) String protocol,
                              @JsonProperty("port") @Range(min = 1, max = 65535) Integer port,
                              @JsonProperty("unhealthy") @Range(min = 1, max = 100) Integer unhealthy,
                              @JsonProperty("timeout") @Range(min = 1, max = 3600) Integer timeout,
                              @JsonProperty("interval") @Range(min = 1, max = 3600) Integer interval) {
    }

    /** Table 8. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeIps(@JsonProperty("livedata") List<@Is(Rule.IPV4) String> livedata,
                          @JsonProperty("shubao") List<@Is(Rule.IPV4) String> shubao) {
        public NodeIps {
            livedata = livedata == null ? null : List.copyOf(livedata);
            shubao = shubao == null ? null : List.copyOf(shubao);
        }
    }

    /**
     * The message queue (MQS, Kafka) settings of the instance: given at create time (the create bodies' {@code mqs})
     * or in a document; the MQS views derive from them. Null fields take the defaults of
     * {@link InstanceDefaults#mqs}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mqs(@JsonProperty("engine_version") @OneOf({"2.7", "2.3.0", "1.1.0"}) String engineVersion,
                      @JsonProperty("retention_policy") @OneOf({"produce_reject", "time_base"}) String retentionPolicy,
                      @JsonProperty("ssl_enable") Boolean sslEnable,
                      @JsonProperty("trace_enable") Boolean traceEnable,
                      @JsonProperty("vpc_client_plain") Boolean vpcClientPlain,
                      @JsonProperty("enable_publicip") Boolean enablePublicip,
                      @JsonProperty("enable_acl") Boolean enableAcl,
                      @JsonProperty("rocketmq_enable") Boolean rocketmqEnable,
                      @JsonProperty("connector_enable") Boolean connectorEnable,
                      @JsonProperty("user_name") @Text(max = 64) String userName,
                      @JsonProperty("access_user") @Text(max = 64) String accessUser,
                      @JsonProperty("kafka_manager_user") @Text(max = 64) String kafkaManagerUser,
                      @JsonProperty("subnet_cidr") @Is(Rule.IPV4_CIDR) String subnetCidr,
                      @JsonProperty("cross_vpc_info") @Text(max = 4096) String crossVpcInfo,
                      @JsonProperty("connector_id") @Is(Rule.REF_ID) String connectorId,
                      @JsonProperty("mqs_connector_address") @Text(max = 255) String mqsConnectorAddress,
                      @JsonProperty("pod_connect_address") @Text(max = 1024) String podConnectAddress) {
        /** The settings alone, without the values the MQS views carry only when given (a document's). */
        public Mqs(String engineVersion, String retentionPolicy, Boolean sslEnable, Boolean traceEnable,
                   Boolean vpcClientPlain, Boolean enablePublicip, Boolean enableAcl, Boolean rocketmqEnable,
                   Boolean connectorEnable) {
            this(engineVersion, retentionPolicy, sslEnable, traceEnable, vpcClientPlain, enablePublicip, enableAcl,
                    rocketmqEnable, connectorEnable, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * LiveData quotas and usage (ListLiveDataQuotaV2, whose wire fields are strings): numbers here. Null fields take
     * the edition's values ({@link InstanceDefaults#liveDataQuota}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LiveDataQuota(@JsonProperty("datasource") @Range(min = 0, max = 1_000_000) Integer datasource,
                                @JsonProperty("api") @Range(min = 0, max = 1_000_000) Integer api,
                                @JsonProperty("scripts") @Range(min = 0, max = 1_000_000) Integer scripts,
                                @JsonProperty("datasource_used") @Range(min = 0, max = 1_000_000)
                                Integer datasourceUsed,
                                @JsonProperty("api_used") @Range(min = 0, max = 1_000_000) Integer apiUsed) {
    }

    /**
     * A configured feature (FeatureInfoV2): its id (derived from the instance id and the name, so a replace keeps
     * it), name, switch, configuration kept as the string given, and when it was last set (epoch ms; null only
     * in a document not yet materialized).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feature(@JsonProperty("id") String id,
                          @JsonProperty("name") String name,
                          @JsonProperty("enable") boolean enable,
                          @JsonProperty("config") String config,
                          @JsonProperty("update_time") Long updateTime) {
    }

    /** Builder for the aggregate; every field starts null/0 (or copied from an existing instance). */
    public static final class Builder {
        private String id;
        private String projectId;
        private String name;
        private String description;
        private InstanceStatus status;
        private Activity activity;
        private Long createFinishedAt;
        private String errorCode;
        private String errorMessage;
        private String type;
        private Spec spec;
        private CipherType cipherType;
        private long createTime;
        private long updateTime;
        private String enterpriseProjectId;
        private String eipAddress;
        private Integer chargingMode;
        private String cbcMetadata;
        private List<CbcOperationLock> cbcOperationLocks;
        private String vpcId;
        private String subnetId;
        private String securityGroupId;
        private String maintainBegin;
        private String maintainEnd;
        private String ingressIp;
        private String userId;
        private String natEipIpv6Cidr;
        private String eipIpv6Address;
        private String natEipAddress;
        private Integer bandwidthSize;
        private List<String> availableZoneIds;
        private String instanceVersion;
        private String virsubnetId;
        private String romaEipAddress;
        private List<Listener> listeners;
        private Boolean liveHealthChecks;
        private List<String> supportedFeatures;
        private String ingressIpV6;
        private NodeIps nodeIps;
        private String ingressIps;
        private String cpuArch;
        private String publicipId;
        private Mqs mqs;
        private LiveDataQuota livedataQuota;
        private List<String> tags;
        private List<Feature> features;

        private Builder() {
        }

        private Builder(Instance i) {
            id = i.id;
            projectId = i.projectId;
            name = i.name;
            description = i.description;
            status = i.status;
            activity = i.activity;
            createFinishedAt = i.createFinishedAt;
            errorCode = i.errorCode;
            errorMessage = i.errorMessage;
            type = i.type;
            spec = i.spec;
            cipherType = i.cipherType;
            createTime = i.createTime;
            updateTime = i.updateTime;
            enterpriseProjectId = i.enterpriseProjectId;
            eipAddress = i.eipAddress;
            chargingMode = i.chargingMode;
            cbcMetadata = i.cbcMetadata;
            cbcOperationLocks = i.cbcOperationLocks;
            vpcId = i.vpcId;
            subnetId = i.subnetId;
            securityGroupId = i.securityGroupId;
            maintainBegin = i.maintainBegin;
            maintainEnd = i.maintainEnd;
            ingressIp = i.ingressIp;
            userId = i.userId;
            natEipIpv6Cidr = i.natEipIpv6Cidr;
            eipIpv6Address = i.eipIpv6Address;
            natEipAddress = i.natEipAddress;
            bandwidthSize = i.bandwidthSize;
            availableZoneIds = i.availableZoneIds;
            instanceVersion = i.instanceVersion;
            virsubnetId = i.virsubnetId;
            romaEipAddress = i.romaEipAddress;
            listeners = i.listeners;
            liveHealthChecks = i.liveHealthChecks;
            supportedFeatures = i.supportedFeatures;
            ingressIpV6 = i.ingressIpV6;
            nodeIps = i.nodeIps;
            ingressIps = i.ingressIps;
            cpuArch = i.cpuArch;
            publicipId = i.publicipId;
            mqs = i.mqs;
            livedataQuota = i.livedataQuota;
            tags = i.tags;
            features = i.features;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder projectId(String v) { projectId = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder status(InstanceStatus v) { status = v; return this; }
        public Builder activity(Activity v) { activity = v; return this; }
        public Builder createFinishedAt(Long v) { createFinishedAt = v; return this; }
        public Builder errorCode(String v) { errorCode = v; return this; }
        public Builder errorMessage(String v) { errorMessage = v; return this; }
        public Builder type(String v) { type = v; return this; }
        public Builder spec(Spec v) { spec = v; return this; }
        public Builder cipherType(CipherType v) { cipherType = v; return this; }
        public Builder createTime(long v) { createTime = v; return this; }
        public Builder updateTime(long v) { updateTime = v; return this; }
        public Builder enterpriseProjectId(String v) { enterpriseProjectId = v; return this; }
        public Builder eipAddress(String v) { eipAddress = v; return this; }
        public Builder chargingMode(Integer v) { chargingMode = v; return this; }
        public Builder cbcMetadata(String v) { cbcMetadata = v; return this; }
        public Builder cbcOperationLocks(List<CbcOperationLock> v) { cbcOperationLocks = v; return this; }
        public Builder vpcId(String v) { vpcId = v; return this; }
        public Builder subnetId(String v) { subnetId = v; return this; }
        public Builder securityGroupId(String v) { securityGroupId = v; return this; }
        public Builder maintainBegin(String v) { maintainBegin = v; return this; }
        public Builder maintainEnd(String v) { maintainEnd = v; return this; }
        public Builder ingressIp(String v) { ingressIp = v; return this; }
        public Builder userId(String v) { userId = v; return this; }
        public Builder natEipIpv6Cidr(String v) { natEipIpv6Cidr = v; return this; }
        public Builder eipIpv6Address(String v) { eipIpv6Address = v; return this; }
        public Builder natEipAddress(String v) { natEipAddress = v; return this; }
        public Builder bandwidthSize(Integer v) { bandwidthSize = v; return this; }
        public Builder availableZoneIds(List<String> v) { availableZoneIds = v; return this; }
        public Builder instanceVersion(String v) { instanceVersion = v; return this; }
        public Builder virsubnetId(String v) { virsubnetId = v; return this; }
        public Builder romaEipAddress(String v) { romaEipAddress = v; return this; }
        public Builder listeners(List<Listener> v) { listeners = v; return this; }
        public Builder liveHealthChecks(Boolean v) { liveHealthChecks = v; return this; }
        public Builder supportedFeatures(List<String> v) { supportedFeatures = v; return this; }
        public Builder ingressIpV6(String v) { ingressIpV6 = v; return this; }
        public Builder nodeIps(NodeIps v) { nodeIps = v; return this; }
        public Builder ingressIps(String v) { ingressIps = v; return this; }
        public Builder cpuArch(String v) { cpuArch = v; return this; }
        public Builder publicipId(String v) { publicipId = v; return this; }
        public Builder mqs(Mqs v) { mqs = v; return this; }
        public Builder livedataQuota(LiveDataQuota v) { livedataQuota = v; return this; }
        public Builder tags(List<String> v) { tags = v; return this; }
        public Builder features(List<Feature> v) { features = v; return this; }

        public String id() { return id; }
        public String projectId() { return projectId; }
        public String subnetId() { return subnetId; }
        public Spec spec() { return spec; }

        public Instance build() {
            return new Instance(id, projectId, name, description, status, activity, createFinishedAt, errorCode,
                    errorMessage, type,
                    spec, cipherType, createTime, updateTime, enterpriseProjectId, eipAddress, chargingMode,
                    cbcMetadata, cbcOperationLocks, vpcId, subnetId, securityGroupId, maintainBegin, maintainEnd,
                    ingressIp, userId, natEipIpv6Cidr, eipIpv6Address, natEipAddress, bandwidthSize,
                    availableZoneIds, instanceVersion, virsubnetId, romaEipAddress, listeners, liveHealthChecks,
                    supportedFeatures, ingressIpV6, nodeIps, ingressIps, cpuArch, publicipId, mqs, livedataQuota, tags,
                    features);
        }
    }
}
