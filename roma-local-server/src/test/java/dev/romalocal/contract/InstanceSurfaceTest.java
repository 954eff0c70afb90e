package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.CreateFeatureV2Request;
import com.huaweicloud.sdk.roma.v2.model.CreateFeatureV2Response;
import com.huaweicloud.sdk.roma.v2.model.FeatureInfoV2;
import com.huaweicloud.sdk.roma.v2.model.FeatureToggleV2;
import com.huaweicloud.sdk.roma.v2.model.ListFeaturesV2Request;
import com.huaweicloud.sdk.roma.v2.model.ListFeaturesV2Response;
import com.huaweicloud.sdk.roma.v2.model.ListLiveDataQuotaV2Request;
import com.huaweicloud.sdk.roma.v2.model.ListLiveDataQuotaV2Response;
import com.huaweicloud.sdk.roma.v2.model.ListMqsInstanceRequest;
import com.huaweicloud.sdk.roma.v2.model.ListMqsInstanceResponse;
import com.huaweicloud.sdk.roma.v2.model.ListTagsV2Request;
import com.huaweicloud.sdk.roma.v2.model.ListTagsV2Response;
import com.huaweicloud.sdk.roma.v2.model.RomaInstanceCheckListRespInstances;
import com.huaweicloud.sdk.roma.v2.model.ShowInstanceResp;
import com.huaweicloud.sdk.roma.v2.model.ShowMqsInstanceRequest;
import com.huaweicloud.sdk.roma.v2.model.ShowMqsInstanceResponse;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.Sdk;
import dev.romalocal.testing.SdkModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The instance's SDK surface beyond the founding page, on each store, through the official SDK where it has the
 * call: ListRomaInstancesV3 (raw: not in the SDK), ListFeaturesV2/CreateFeatureV2, ListTagsV2, ListLiveDataQuotaV2,
 * ListMqsInstance/ShowMqsInstance. Every answer is also checked as raw JSON against the SDK's model (every field
 * known to it, with its JSON type); pagination edges, bad parameters, unknown instances and another account's
 * instances; and one instance walked through its lifecycle with the clock, every view compared at every step.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class InstanceSurfaceTest extends ServerFixture {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String APIC = "/v2/" + PROJECT + "/apic/instances/";

    @BeforeEach
    void cleanSlate() {
        expect(admin("POST", "/_roma_local/reset", null), 200);
        pauseClock();
    }

    RomaClient sdk() {
        return Sdk.roma(server.endpoint());
    }

    static void assertTypes(JsonNode json, Class<?> model) {
        assertThat(SdkModel.mismatches(json, model)).as("%s as %s", json, model.getSimpleName()).isEmpty();
    }

    static void assertError(Http.Response r, int status, String code, String parameter) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().get("error_code").asText()).as(r.text()).isEqualTo(code);
        if (parameter != null) {
            assertThat(r.json().get("error_msg").asText()).as(r.text()).contains("parameterName:" + parameter);
        }
    }

    static void assertSdkError(Executable call, int status, String code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(ClientRequestException.class, e -> {
            assertThat(e.getHttpStatusCode()).as(e.getErrorMsg()).isEqualTo(status);
            assertThat(e.getErrorCode()).isEqualTo(code);
        });
    }

    long clockNow() {
        return expect(admin("GET", "/_roma_local/clock", null), 200).json().get("now").asLong();
    }

    // --- ListRomaInstancesV3 -----------------------------------------------------------------------------------

    @Test
    void v3ListPagesFiltersAndAgreesWithThePlatformList() {
        String[] specs = {"ROMA_BASIC", "ROMA_PROFESSIONAL", "ROMA_ENTERPRISE_IPV6", "ROMA_PLATINUM", "ROMASITE_BASIC"};
        for (int i = 0; i < 25; i++) {
            String status = i % 5 == 0 ? "Frozen" : i % 5 == 1 ? "Creating" : "Running";
            upsertOk(String.format("v3-%02d", i), "{\"status\":\"" + status + "\",\"spec\":\"" + specs[i % 5]
                    + "\",\"create_time\":" + (1700000000000L + i * 1000L) + (i % 3 == 0
                    ? ",\"eip_address\":\"100.85.9." + (i + 1) + "\",\"bandwidth_size\":7,\"charging_mode\":1" : "")
                    + "}");
        }
        String base = "/v3/" + PROJECT + "/roma/instances";
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < 30; offset += 10) {
            JsonNode page = expect(get(base + "?offset=" + offset + "&limit=10"), 200).json();
            assertThat(page.get("total").asInt()).isEqualTo(25);
            assertThat(page.get("size").asInt()).isEqualTo(offset < 20 ? 10 : 5);
            assertThat(page.get("instances")).hasSize(page.get("size").asInt());
            page.get("instances").forEach(i -> assertThat(seen.add(i.get("id").asText())).isTrue());
        }
        assertThat(seen).hasSize(25);
        JsonNode first = expect(get(base), 200).json();
        assertThat(first.get("size").asInt()).as("default limit").isEqualTo(10);
        assertThat(first.at("/instances/0/id").asText()).as("newest first").isEqualTo("v3-24");
        JsonNode beyond = expect(get(base + "?offset=25"), 200).json();
        assertThat(beyond.get("total").asInt()).isEqualTo(25);
        assertThat(beyond.get("size").asInt()).isZero();
        assertThat(expect(get(base + "?limit=100"), 200).json().get("size").asInt()).isEqualTo(25);
        assertThat(expect(get(base + "?limit=1&offset=24"), 200).json().at("/instances/0/id").asText())
                .isEqualTo("v3-00");

        // Every item agrees with the platform list's item of the same instance, field by field and in type.
        JsonNode v2 = expect(get("/v2/" + PROJECT + "/instances?limit=100"), 200).json();
        Map<String, JsonNode> v2ById = new HashMap<>();
        v2.get("instances").forEach(i -> v2ById.put(i.get("id").asText(), i));
        JsonNode all = expect(get(base + "?limit=100"), 200).json();
        for (JsonNode item : all.get("instances")) {
            JsonNode twin = v2ById.get(item.get("id").asText());
            for (String field : List.of("id", "name", "description", "status", "charge_type", "available_zone_ids",
                    "cpu_arch", "enterprise_project_id", "vpc_id", "subnet_id", "security_group_id",
                    "publicip_enable", "publicip_id", "publicip_address", "project_id", "create_time", "update_time",
                    "maintain_begin", "maintain_end")) {
                assertThat(item.get(field)).as("%s of %s", field, item.get("id")).isEqualTo(twin.get(field));
            }
            String flavor = twin.get("flavor_type").asText();
            assertThat(item.get("category").asText()).isEqualTo(flavor);
            ObjectNode shared = item.deepCopy();
            shared.remove(List.of("category", "ingress_bandwidth_size"));
            assertTypes(shared, RomaInstanceCheckListRespInstances.class);
            if (item.get("publicip_enable").asBoolean()) {
                assertThat(item.get("ingress_bandwidth_size").isInt()).isTrue();
                assertThat(item.get("ingress_bandwidth_size").asInt()).isEqualTo(7);
                assertThat(item.get("charge_type").asText()).isEqualTo("prePaid");
            } else {
                assertThat(item.has("ingress_bandwidth_size")).isFalse();
            }
        }

        // Filters: status (the platform list's values), category (the edition), both, with paging.
        assertThat(expect(get(base + "?status=FROZEN"), 200).json().get("total").asInt()).isEqualTo(5);
        JsonNode basic = expect(get(base + "?category=basic&limit=100"), 200).json();
        assertThat(basic.get("total").asInt()).as("ROMA_BASIC and ROMASITE_BASIC").isEqualTo(10);
        basic.get("instances").forEach(i -> assertThat(i.get("category").asText()).isEqualTo("basic"));
        JsonNode basicPage = expect(get(base + "?category=basic&offset=8&limit=5"), 200).json();
        assertThat(basicPage.get("total").asInt()).isEqualTo(10);
        assertThat(basicPage.get("size").asInt()).isEqualTo(2);
        assertThat(basicPage.at("/instances/1/id").asText()).isEqualTo(basic.at("/instances/9/id").asText());
        JsonNode frozenBasic = expect(get(base + "?category=basic&status=FROZEN"), 200).json();
        assertThat(frozenBasic.get("total").asInt()).isEqualTo(5);
        assertThat(expect(get(base + "?category=enterprise&status=CREATING"), 200).json().get("total").asInt())
                .isZero();
        assertThat(expect(get(base + "?status=DELETED"), 200).json().get("total").asInt()).isZero();

        for (String bad : List.of("offset=-1", "offset=abc", "limit=0", "limit=101", "limit=1.5",
                "limit=99999999999", "status=BOGUS", "status=ab", "category=bogus", "category=BASIC",
                "category=basic&category=basic")) {
            String parameter = bad.substring(0, bad.indexOf('='));
            assertError(get(base + "?" + bad), 400, "ROMA.13000", parameter);
        }
        assertThat(expect(get("/v3/" + PROJECT + "/roma/instances?category=platinum"), 200).json()
                .get("total").asInt()).isEqualTo(5);
    }

    // --- Features ---------------------------------------------------------------------------------------------

    @Test
    void featuresAreStoredPerInstanceCreatedOrReplacedByName() {
        upsertOk("feat-1", "{\"spec\":\"ROMA_PROFESSIONAL\"}");
        ListFeaturesV2Response empty = sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("feat-1"));
        assertThat(empty.getTotal()).isZero();
        assertThat(empty.getSize()).isZero();
        assertThat(empty.getFeatures()).isEmpty();

        long before = clockNow();
        String config = "{\"allow_origin\": \"*\", \"note\": \"k\u00e9p\u00e9\\n\"}";
        CreateFeatureV2Response cors = sdk().createFeatureV2(new CreateFeatureV2Request().withInstanceId("feat-1")
                .withBody(new FeatureToggleV2().withName("cors").withEnable(true).withConfig(config)));
        assertThat(cors.getHttpStatusCode()).isEqualTo(201);
        assertThat(cors.getId()).matches("[0-9a-f]{32}");
        assertThat(cors.getName()).isEqualTo(CreateFeatureV2Response.NameEnum.CORS);
        assertThat(cors.getEnable()).isTrue();
        assertThat(cors.getConfig()).as("config is kept as the string given").isEqualTo(config);
        assertThat(cors.getInstanceId()).isEqualTo("feat-1");
        assertThat(cors.getUpdateTime().toInstant())
                .isEqualTo(Instant.ofEpochMilli(before).truncatedTo(ChronoUnit.SECONDS));

        advance(90);
        Http.Response replaced = expect(admin("POST", APIC + "feat-1/features",
                "{\"name\":\"cors\",\"enable\":false,\"config\":\"off\"}"), 201);
        assertTypes(replaced.json(), CreateFeatureV2Response.class);
        assertThat(replaced.json().get("id").asText()).as("a replace keeps the id").isEqualTo(cors.getId());
        assertThat(replaced.json().get("enable").asBoolean()).isFalse();
        assertThat(replaced.json().get("update_time").asText())
                .isEqualTo(ISO.format(Instant.ofEpochMilli(before + 90_000)));
        expect(admin("POST", APIC + "feat-1/features", "{\"name\":\"ratelimit\",\"enable\":true}"), 201);

        JsonNode list = expect(get(APIC + "feat-1/features"), 200).json();
        assertTypes(list, ListFeaturesV2Response.class);
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("features")).extracting(f -> f.get("name").asText()).containsExactly("cors", "ratelimit");
        assertThat(list.at("/features/0/config").asText()).isEqualTo("off");
        assertThat(list.at("/features/1").has("config")).as("no config given, none shown").isFalse();
        ListFeaturesV2Response viaSdk = sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("feat-1"));
        assertThat(viaSdk.getFeatures()).extracting(FeatureInfoV2::getName)
                .containsExactly(FeatureInfoV2.NameEnum.CORS, FeatureInfoV2.NameEnum.RATELIMIT);

        // The instance's supported_features and its features agree.
        JsonNode detail = expect(get(APIC + "feat-1"), 200).json();
        List<String> supported = new ArrayList<>();
        detail.get("supported_features").forEach(f -> supported.add(f.asText()));
        viaSdk.getFeatures().forEach(f -> assertThat(supported).contains(f.getName().getValue()));

        // Paging: offset below 0 reads as 0, limit 1-500.
        ListFeaturesV2Response second = sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("feat-1")
                .withOffset(1L).withLimit(1));
        assertThat(second.getSize()).isEqualTo(1);
        assertThat(second.getTotal()).isEqualTo(2);
        assertThat(second.getFeatures().get(0).getName()).isEqualTo(FeatureInfoV2.NameEnum.RATELIMIT);
        assertThat(sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("feat-1").withOffset(-5L)
                .withLimit(500)).getSize()).isEqualTo(2);
        JsonNode past = expect(get(APIC + "feat-1/features?offset=9999999999999"), 200).json();
        assertThat(past.get("size").asInt()).isZero();
        assertThat(past.get("total").asInt()).isEqualTo(2);
        for (String bad : List.of("limit=0", "limit=501", "limit=abc", "limit=1.5", "offset=abc", "offset=1e3",
                "offset=99999999999999999999", "limit=1&limit=2")) {
            assertError(get(APIC + "feat-1/features?" + bad), 400, "APIG.2012", bad.substring(0, bad.indexOf('=')));
        }
    }

    @Test
    void badFeatureSettingsAreCatalogueErrors() {
        upsertOk("feat-basic", "{\"spec\":\"ROMA_BASIC\"}");
        upsertOk("feat-pro", "{\"spec\":\"ROMA_PROFESSIONAL\"}");
        String path = APIC + "feat-pro/features";
        assertError(admin("POST", path, "{\"name\":\"no_such_feature\",\"enable\":true}"), 400, "APIG.2012", "name");
        assertError(admin("POST", path, "{\"name\":\"\",\"enable\":true}"), 400, "APIG.2012", "name");
        assertError(admin("POST", path, "{\"name\":\"CORS\",\"enable\":true}"), 400, "APIG.2012", "name");
        assertError(admin("POST", path, "{\"enable\":true}"), 400, "APIG.2012", "name");
        assertError(admin("POST", path, "{\"name\":\"cors\"}"), 400, "APIG.2012", "enable");
        assertError(admin("POST", path, "{\"name\":\"cors\",\"enable\":\"true\"}"), 400, "APIG.2012", "enable");
        assertError(admin("POST", path, "{\"name\":\"cors\",\"enable\":true,\"config\":{\"a\":1}}"), 400,
                "APIG.2012", "config");
        assertError(admin("POST", path, "{\"name\":\"cors\",\"enable\":true,\"config\":\"" + "c".repeat(8193)
                + "\"}"), 400, "APIG.2012", "config");
        expect(admin("POST", path, "{\"name\":\"cors\",\"enable\":true,\"config\":\"" + "c".repeat(8192) + "\"}"),
                201);
        // A name the SDK knows but the instance does not support: green_tunnel (no edition), cascade (not basic).
        Http.Response unsupported = admin("POST", path, "{\"name\":\"green_tunnel\",\"enable\":true}");
        assertError(unsupported, 400, "APIG.2012", "name");
        assertThat(unsupported.text()).contains("supported_features");
        assertError(admin("POST", APIC + "feat-basic/features", "{\"name\":\"cascade\",\"enable\":true}"), 400,
                "APIG.2012", "name");
        expect(admin("POST", APIC + "feat-basic/features", "{\"name\":\"gzip\",\"enable\":true}"), 201);
        // An instance that is not working takes no feature (the read still answers).
        upsertOk("feat-creating", "{\"status\":\"Creating\"}");
        assertError(admin("POST", APIC + "feat-creating/features", "{\"name\":\"cors\",\"enable\":true}"), 409,
                "ROMALOCAL.4092", null);
        expect(get(APIC + "feat-creating/features"), 200);
        // Unknown instances.
        assertSdkError(() -> sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("no-such")), 404,
                "APIC.7302");
        assertSdkError(() -> sdk().createFeatureV2(new CreateFeatureV2Request().withInstanceId("no-such")
                .withBody(new FeatureToggleV2().withName("cors").withEnable(true))), 404, "APIC.7302");
    }

    @Test
    void aDocumentSetsFeaturesTagsAndQuotas() {
        upsertOk("doc-1", """
                {"spec": "ROMA_PLATINUM", "supported_features": ["cors", "gzip", "lts"],
                 "features": [{"name": "gzip", "enable": true, "config": "{\\"level\\": 5}"},
                              {"name": "cors", "enable": false}],
                 "tags": ["orders", "billing", "\u65e5\u672c"],
                 "livedata_quota": {"datasource": 7, "datasource_used": 3}}
                """);
        ListFeaturesV2Response features = sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("doc-1"));
        assertThat(features.getFeatures()).extracting(FeatureInfoV2::getName)
                .containsExactly(FeatureInfoV2.NameEnum.GZIP, FeatureInfoV2.NameEnum.CORS);
        assertThat(features.getFeatures().get(0).getConfig()).isEqualTo("{\"level\": 5}");
        assertThat(features.getFeatures().get(0).getId()).matches("[0-9a-f]{32}");
        // Setting the same name through the API keeps the document's id.
        String gzipId = features.getFeatures().get(0).getId();
        assertThat(sdk().createFeatureV2(new CreateFeatureV2Request().withInstanceId("doc-1")
                .withBody(new FeatureToggleV2().withName("gzip").withEnable(false))).getId()).isEqualTo(gzipId);

        ListTagsV2Response tags = sdk().listTagsV2(new ListTagsV2Request().withInstanceId("doc-1"));
        assertThat(tags.getTags()).containsExactly("orders", "billing", "\u65e5\u672c");
        assertThat(tags.getTotal()).isEqualTo(3L);
        assertThat(tags.getSize()).isEqualTo(3);
        assertTypes(expect(get(APIC + "doc-1/tags"), 200).json(), ListTagsV2Response.class);
        ListTagsV2Response tagPage = sdk().listTagsV2(new ListTagsV2Request().withInstanceId("doc-1").withOffset(2L)
                .withLimit(5));
        assertThat(tagPage.getTags()).containsExactly("\u65e5\u672c");
        assertThat(tagPage.getTotal()).isEqualTo(3L);
        assertThat(sdk().listTagsV2(new ListTagsV2Request().withInstanceId("doc-1").withOffset(-1L).withLimit(1))
                .getTags()).containsExactly("orders");
        assertError(get(APIC + "doc-1/tags?limit=501"), 400, "APIG.2012", "limit");

        ListLiveDataQuotaV2Response quota = sdk().listLiveDataQuotaV2(new ListLiveDataQuotaV2Request()
                .withInstanceId("doc-1"));
        assertThat(List.of(quota.getDatasource(), quota.getApi(), quota.getScripts(), quota.getDatasourceUsed(),
                quota.getApiUsed())).containsExactly("7", "1000", "1000", "3", "0");
        JsonNode raw = expect(get(APIC + "doc-1/livedata-quota"), 200).json();
        assertTypes(raw, ListLiveDataQuotaV2Response.class);
        raw.fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue());
        assertThat(raw.size()).isEqualTo(5);

        // Bad documents: each a 400 naming the field, nothing changed.
        Map<String, String> bad = Map.of(
                "{\"supported_features\": [\"cors\"], \"features\": [{\"name\": \"gzip\", \"enable\": true}]}",
                "features[0].name",
                "{\"features\": [{\"name\": \"cors\", \"enable\": true}, {\"name\": \"cors\", \"enable\": false}]}",
                "features[1].name",
                "{\"features\": [{\"name\": \"nope\", \"enable\": true}]}", "features[0].name",
                "{\"features\": [{\"name\": \"cors\"}]}", "features[0].enable",
                "{\"tags\": [\"a\", \"a\"]}", "tags",
                "{\"tags\": [\"\"]}", "tags",
                "{\"livedata_quota\": {\"datasource\": \"7\"}}", "livedata_quota.datasource",
                "{\"livedata_quota\": {\"api\": -1}}", "livedata_quota.api",
                "{\"livedata_quota\": {\"api\": 10, \"api_used\": 11}}", "livedata_quota.api_used",
                "{\"spec\": \"ROMA_BASIC\", \"livedata_quota\": {\"datasource_used\": 21}}",
                "livedata_quota.datasource_used");
        bad.forEach((doc, parameter) -> assertError(upsert("doc-1", doc), 400, "APIG.2012", parameter));
        assertThat(sdk().listTagsV2(new ListTagsV2Request().withInstanceId("doc-1")).getTotal()).isEqualTo(3L);

        // Defaults: no tags; the edition's quotas.
        upsertOk("doc-basic", "{\"spec\":\"ROMA_BASIC\"}");
        upsertOk("doc-ent", "{\"spec\":\"ROMA_ENTERPRISE_IPV6\"}");
        assertThat(sdk().listTagsV2(new ListTagsV2Request().withInstanceId("doc-basic")).getTags()).isEmpty();
        ListLiveDataQuotaV2Response basic = sdk().listLiveDataQuotaV2(new ListLiveDataQuotaV2Request()
                .withInstanceId("doc-basic"));
        assertThat(List.of(basic.getDatasource(), basic.getApi(), basic.getScripts(), basic.getDatasourceUsed(),
                basic.getApiUsed())).containsExactly("20", "100", "100", "0", "0");
        assertThat(sdk().listLiveDataQuotaV2(new ListLiveDataQuotaV2Request().withInstanceId("doc-ent"))
                .getDatasource()).isEqualTo("100");
        assertSdkError(() -> sdk().listTagsV2(new ListTagsV2Request().withInstanceId("no-such")), 404, "APIC.7302");
        assertSdkError(() -> sdk().listLiveDataQuotaV2(new ListLiveDataQuotaV2Request().withInstanceId("no-such")),
                404, "APIC.7302");
        // A replace is a replace: the document without features and tags leaves none.
        upsertOk("doc-1", "{\"spec\": \"ROMA_PLATINUM\"}");
        assertThat(sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("doc-1")).getTotal()).isZero();
        assertThat(sdk().listTagsV2(new ListTagsV2Request().withInstanceId("doc-1")).getTotal()).isZero();
    }

    // --- MQS --------------------------------------------------------------------------------------------------

    @Test
    void mqsViewsDeriveFromTheCreateSettings() {
        Http.Response created = expect(http.send("POST", "/v1/" + PROJECT + "/instances", Map.of("X-Auth-Token",
                adminToken, "Content-Type", "application/json", "X-Roma-Local-Profile", "1"), """
                {"name": "mqs-v1", "description": "d", "product_id": "00300-30103-0--0",
                 "available_zones": ["cn-north-4a"], "vpc_id": "vpc-1", "subnet_id": "subnet-mqs",
                 "security_group_id": "sg-1", "ipv6_enable": false, "enable_all": true, "eip_id": "eip-7",
                 "entrance_bandwidth_size": 20, "mqs": {"engine_version": "2.3.0", "rocketmq_enable": true,
                 "enable_publicip": true, "enable_acl": true, "ssl_enable": true, "retention_policy": "time_base",
                 "trace_enable": true, "vpc_client_plain": true, "connector_enable": true},
                 "cpu_architecture": "x86"}
                """), 200);
        String id = created.json().get("instance_id").asText();
        ShowMqsInstanceResponse creating = sdk().showMqsInstance(new ShowMqsInstanceRequest().withInstanceId(id));
        assertThat(creating.getStatus()).isEqualTo("CREATING");
        advance(5);
        ShowMqsInstanceResponse m = sdk().showMqsInstance(new ShowMqsInstanceRequest().withInstanceId(id));
        JsonNode raw = expect(get("/v2/" + PROJECT + "/mqs/instances/" + id), 200).json();
        assertTypes(raw, ShowMqsInstanceResponse.class);
        assertThat(raw.get("partition_num").isTextual()).isTrue();
        assertThat(raw.get("created_at").isTextual()).isTrue();
        JsonNode apic = expect(get(APIC + id), 200).json();
        JsonNode platform = expect(get("/v2/" + PROJECT + "/instances/" + id), 200).json();
        assertThat(m.getStatus()).isEqualTo("RUNNING");
        assertThat(m.getInstanceId()).isEqualTo(id);
        assertThat(m.getName()).isEqualTo("mqs-v1");
        assertThat(m.getEngine()).isEqualTo("kafka");
        assertThat(m.getEngineVersion()).isEqualTo("2.3.0");
        assertThat(m.getSslEnable()).isTrue();
        assertThat(m.getTraceEnable()).isTrue();
        assertThat(m.getVpcClientPlain()).isTrue();
        assertThat(m.getConnectorEnable()).isTrue();
        assertThat(m.getRetentionPolicy()).isEqualTo(ShowMqsInstanceResponse.RetentionPolicyEnum.TIME_BASE);
        assertThat(m.getType()).isEqualTo(ShowMqsInstanceResponse.TypeEnum.CLUSTER);
        assertThat(m.getPartitionNum()).isEqualTo("1800");
        assertThat(m.getSpecification()).isEqualTo("600MB");
        assertThat(m.getChargingMode()).as("1: pay-per-use").isEqualTo(1);
        assertThat(m.getCreatedAt()).isEqualTo(apic.get("create_time").asText());
        assertThat(m.getConnectAddress()).isEqualTo(platform.get("connect_address").asText());
        assertThat(m.getPort()).isEqualTo(9093);
        assertThat(m.getKafkaPrivateConnectAddress()).isEqualTo(apic.get("ingress_ip").asText() + ":9093")
                .isEqualTo(platform.at("/resources/mqs/private_connect_address").asText());
        assertThat(m.getEnablePublicip()).isTrue();
        assertThat(m.getPublicConnectAddress()).isEqualTo(apic.get("eip_address").asText() + ":9095")
                .isEqualTo(platform.at("/resources/mqs/public_connect_address").asText());
        assertThat(m.getPublicBandwidth()).isEqualTo(20);
        assertThat(m.getVpcId()).isEqualTo("vpc-1");
        assertThat(m.getSubnetId()).isEqualTo("subnet-mqs");
        assertThat(m.getSecurityGroupId()).isEqualTo("sg-1");
        assertThat(m.getAvailableZones()).containsExactly("cn-north-4a");
        assertThat(m.getMaintainBegin()).isEqualTo(apic.get("maintain_begin").asText());
        assertThat(m.getUserId()).isEqualTo(apic.get("user_id").asText());
        assertThat(platform.at("/resources/mqs/ssl_enable").asBoolean()).isTrue();
        assertThat(platform.at("/resources/mqs/retention_policy").asText()).isEqualTo("time_base");
        assertThat(platform.at("/resources/mqs/partition_num").asInt()).isEqualTo(1800);
        assertThat(platform.get("rocketmq_enable").asBoolean()).isTrue();

        // CreateRomaInstanceV3's config.mqs, and a document's mqs.
        Http.Response v3 = expect(admin("POST", "/v3/" + PROJECT + "/roma/instances", """
                {"name": "mqs-v3", "charge_type": "prePaid", "available_zone_ids": ["az1"], "cpu_arch": "x86_64",
                 "rcu": {"total": 4}, "vpc_id": "vpc-1", "subnet_id": "subnet-mqs",
                 "config": {"mqs": {"engine_version": "1.1.0", "retention_policy": "produce_reject",
                                    "ssl_enable": false}}}
                """), 200);
        ShowMqsInstanceResponse m3 = sdk().showMqsInstance(new ShowMqsInstanceRequest()
                .withInstanceId(v3.json().get("id").asText()));
        assertThat(m3.getEngineVersion()).isEqualTo("1.1.0");
        assertThat(m3.getPort()).isEqualTo(9092);
        assertThat(m3.getChargingMode()).as("0: yearly/monthly").isZero();
        assertThat(m3.getOrderId()).matches("CS\\d{17}");
        assertThat(m3.getEnablePublicip()).isFalse();
        assertThat(m3.getPublicConnectAddress()).isNull();
        assertThat(m3.getPartitionNum()).isEqualTo("300");
        assertError(admin("POST", "/v3/" + PROJECT + "/roma/instances", """
                {"name": "mqs-bad", "charge_type": "prePaid", "available_zone_ids": ["az1"], "cpu_arch": "x86_64",
                 "rcu": {"total": 4}, "vpc_id": "vpc-1", "subnet_id": "subnet-mqs",
                 "config": {"mqs": {"engine_version": "3.0"}}}
                """), 400, "ROMA.13000", "config.mqs.engine_version");
        upsertOk("mqs-doc", "{\"mqs\": {\"engine_version\": \"1.1.0\", \"enable_publicip\": true}}");
        ShowMqsInstanceResponse doc = sdk().showMqsInstance(new ShowMqsInstanceRequest().withInstanceId("mqs-doc"));
        assertThat(doc.getEngineVersion()).isEqualTo("1.1.0");
        assertThat(doc.getEnablePublicip()).as("public access needs a public address").isFalse();
        assertError(upsert("mqs-doc", "{\"mqs\": {\"engine_version\": \"9\"}}"), 400, "APIG.2012",
                "mqs.engine_version");
        assertError(upsert("mqs-doc", "{\"mqs\": {\"ssl_enable\": \"yes\"}}"), 400, "APIG.2012", "mqs.ssl_enable");

        // The list: every instance of the project, each as ShowMqsInstance shows it.
        ListMqsInstanceResponse list = sdk().listMqsInstance(new ListMqsInstanceRequest()
                .withIncludeInternal(ListMqsInstanceRequest.IncludeInternalEnum.TRUE));
        assertThat(list.getInstanceNum()).isEqualTo(3);
        assertThat(list.getInstances()).extracting(ShowInstanceResp::getInstanceId)
                .containsExactlyInAnyOrder(id, v3.json().get("id").asText(), "mqs-doc");
        JsonNode rawList = expect(get("/v2/" + PROJECT + "/mqs/instances?include_internal=true"), 200).json();
        assertTypes(rawList, ListMqsInstanceResponse.class);
        for (JsonNode item : rawList.get("instances")) {
            assertThat(item).isEqualTo(expect(get("/v2/" + PROJECT + "/mqs/instances/"
                    + item.get("instance_id").asText()), 200).json());
        }
        for (String bad : List.of("", "?include_internal=false", "?include_internal=", "?include_internal=TRUE",
                "?include_internal=true&include_internal=true")) {
            assertError(get("/v2/" + PROJECT + "/mqs/instances" + bad), 400, "APIG.2012", "include_internal");
        }
        assertSdkError(() -> sdk().showMqsInstance(new ShowMqsInstanceRequest().withInstanceId("no-such")), 404,
                "APIC.7302");
    }

    // --- Another account ----------------------------------------------------------------------------------------

    @Test
    void anotherAccountSeesNoneOfTheseViewsOfTheFirstOnesInstance() {
        upsertOk("iso-1", "{\"instance_name\":\"secret-of-a\",\"tags\":[\"secret-tag\"],"
                + "\"features\":[{\"name\":\"cors\",\"enable\":true,\"config\":\"secret-config\"}]}");
        Http.Response account = expect(admin("POST", "/_roma_local/accounts",
                "{\"name\":\"surface-b\",\"password\":\"Surface-B-passw0rd!\"}"), 201);
        String bProject = account.json().get("project_id").asText();
        String bAk = account.json().get("access_key").asText();
        String bSk = account.json().get("secret_key").asText();
        RomaClient b = Sdk.roma(server.endpoint(), bAk, bSk, bProject);
        assertSdkError(() -> b.listFeaturesV2(new ListFeaturesV2Request().withInstanceId("iso-1")), 404,
                "APIC.7302");
        assertSdkError(() -> b.createFeatureV2(new CreateFeatureV2Request().withInstanceId("iso-1")
                .withBody(new FeatureToggleV2().withName("cors").withEnable(false))), 404, "APIC.7302");
        assertSdkError(() -> b.listTagsV2(new ListTagsV2Request().withInstanceId("iso-1")), 404, "APIC.7302");
        assertSdkError(() -> b.listLiveDataQuotaV2(new ListLiveDataQuotaV2Request().withInstanceId("iso-1")), 404,
                "APIC.7302");
        assertSdkError(() -> b.showMqsInstance(new ShowMqsInstanceRequest().withInstanceId("iso-1")), 404,
                "APIC.7302");
        assertThat(b.listMqsInstance(new ListMqsInstanceRequest()
                .withIncludeInternal(ListMqsInstanceRequest.IncludeInternalEnum.TRUE)).getInstanceNum()).isZero();
        Http.Response v3 = http.signed("GET", "/v3/" + bProject + "/roma/instances", bProject, bAk, bSk, null,
                ZonedDateTime.now(ZoneOffset.UTC));
        assertThat(expect(v3, 200).json().get("total").asInt()).isZero();
        // B's keys on A's project: refused before anything is read.
        RomaClient bOnA = Sdk.roma(server.endpoint(), bAk, bSk, PROJECT);
        assertSdkError(() -> bOnA.listFeaturesV2(new ListFeaturesV2Request().withInstanceId("iso-1")), 403,
                "APIC.7106");
        assertSdkError(() -> bOnA.showMqsInstance(new ShowMqsInstanceRequest().withInstanceId("iso-1")), 403,
                "APIC.7106");
        assertSdkError(() -> bOnA.listMqsInstance(new ListMqsInstanceRequest()
                .withIncludeInternal(ListMqsInstanceRequest.IncludeInternalEnum.TRUE)), 403, "APIC.7106");
        Http.Response v3OnA = http.signed("GET", "/v3/" + PROJECT + "/roma/instances", PROJECT, bAk, bSk, null,
                ZonedDateTime.now(ZoneOffset.UTC));
        assertThat(v3OnA.status()).isEqualTo(403);
        assertThat(v3OnA.text()).doesNotContain("secret");
        // A's instance is as it was.
        ListFeaturesV2Response mine = sdk().listFeaturesV2(new ListFeaturesV2Request().withInstanceId("iso-1"));
        assertThat(mine.getFeatures()).singleElement().satisfies(f -> {
            assertThat(f.getEnable()).isTrue();
            assertThat(f.getConfig()).isEqualTo("secret-config");
        });
        expect(admin("DELETE", "/_roma_local/accounts/" + account.json().get("domain_id").asText(), null), 204);
    }

    // --- One instance through its lifecycle, every view at every step ------------------------------------------

    /** What one step of the walk expects: the APIC status, the coarse status, the MQS and the progress status. */
    record Expected(String status, String coarse, String mqs, String progress) {
    }

    @Test
    void aCreatedInstanceLooksTheSameInEveryViewAtEveryStepOfItsLifecycle() {
        Map<String, String> headers = Map.of("X-Auth-Token", adminToken, "Content-Type", "application/json",
                "X-Roma-Local-Profile", "1");
        Http.Response created = expect(http.send("POST", "/v1/" + PROJECT + "/instances", headers,
                LifecycleTest.V1_BODY.formatted("walk-all", "subnet-walk", "", 0)), 200);
        String id = created.json().get("instance_id").asText();
        List<Expected> creating = List.of(
                new Expected("Creating", "CREATING", "CREATING", "CREATING"),
                new Expected("Initing", "CREATING", "CREATING", "CREATING"),
                new Expected("Registering", "CREATING", "CREATING", "CREATING"),
                new Expected("Installing", "CREATING", "CREATING", "CREATING"),
                new Expected("Starting", "CREATING", "CREATING", "CREATING"),
                new Expected("Running", "RUNNING", "RUNNING", "RUNNING"));
        walk(id, creating);
        String actions = "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/actions";
        expect(http.send("POST", actions, headers, "{\"action\":\"restart\"}"), 202);
        walk(id, List.of(new Expected("Restarting", "RUNNING", "RESTARTING", "RUNNING"),
                new Expected("Running", "RUNNING", "RUNNING", "RUNNING")));
        expect(http.send("POST", actions, headers, "{\"action\":\"upgrade\",\"version\":\"25.1.0\"}"), 202);
        walk(id, List.of(new Expected("Updating", "RUNNING", "UPGRADING", "RUNNING"),
                new Expected("Running", "RUNNING", "RUNNING", "RUNNING")));
        expect(http.send("POST", actions, headers, "{\"action\":\"freeze\"}"), 202);
        walk(id, List.of(new Expected("Freezing", "FREEZING", "FREEZING", "RUNNING"),
                new Expected("Frozen", "FROZEN", "FROZEN", "RUNNING")));
        expect(http.send("POST", actions, headers, "{\"action\":\"unfreeze\"}"), 202);
        walk(id, List.of(new Expected("Starting", "RUNNING", "RUNNING", "RUNNING"),
                new Expected("Running", "RUNNING", "RUNNING", "RUNNING")));
        expect(http.send("POST", actions, headers, "{\"action\":\"unhealthy\"}"), 202);
        walk(id, List.of(new Expected("Unhealthy", "ERROR", "ERROR", "RUNNING")));
        expect(http.send("POST", actions, headers, "{\"action\":\"healthy\"}"), 202);
        walk(id, List.of(new Expected("Running", "RUNNING", "RUNNING", "RUNNING")));
        expect(http.send("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, headers, null), 202);
        walk(id, java.util.Arrays.asList(new Expected("Deleting", "DELETING", "DELETING", "RUNNING"),
                new Expected("Unregistering", "DELETING", "DELETING", "RUNNING"), null));
    }

    /** Checks every view at each expected step, advancing the clock one step (1 s) between them; null: gone. */
    private void walk(String id, List<Expected> steps) {
        for (int s = 0; s < steps.size(); s++) {
            Expected e = steps.get(s);
            if (e == null) {
                assertGone(id);
            } else {
                assertViewsAgree(id, e);
            }
            if (s < steps.size() - 1) {
                advance(1);
            }
        }
    }

    private void assertViewsAgree(String id, Expected e) {
        String what = id + " at " + e.status();
        JsonNode apic = expect(get(APIC + id), 200).json();
        assertThat(apic.get("status").asText()).as(what).isEqualTo(e.status());
        String name = apic.get("instance_name").asText();
        long createTime = apic.get("create_time").asLong();
        String createIso = ISO.format(Instant.ofEpochMilli(createTime));

        JsonNode platform = expect(get("/v2/" + PROJECT + "/instances/" + id), 200).json();
        JsonNode listItem = expect(get("/v2/" + PROJECT + "/instances?id=" + id), 200).json().at("/instances/0");
        JsonNode v3Item = null;
        for (JsonNode i : expect(get("/v3/" + PROJECT + "/roma/instances?limit=100"), 200).json().get("instances")) {
            if (i.get("id").asText().equals(id)) {
                v3Item = i;
            }
        }
        assertThat(v3Item).as("%s in the V3 list", what).isNotNull();
        JsonNode progress = expect(get("/v2/" + PROJECT + "/instances/" + id + "/process"), 200).json();
        JsonNode mqs = expect(get("/v2/" + PROJECT + "/mqs/instances/" + id), 200).json();
        ShowMqsInstanceResponse mqsSdk = sdk().showMqsInstance(new ShowMqsInstanceRequest().withInstanceId(id));
        ShowInstanceResp mqsItem = sdk().listMqsInstance(new ListMqsInstanceRequest()
                        .withIncludeInternal(ListMqsInstanceRequest.IncludeInternalEnum.TRUE)).getInstances().stream()
                .filter(i -> i.getInstanceId().equals(id)).findFirst().orElseThrow();

        // Status.
        assertThat(platform.get("status").asText()).as(what).isEqualTo(e.coarse());
        assertThat(listItem.get("status").asText()).as(what).isEqualTo(e.coarse());
        assertThat(v3Item.get("status").asText()).as(what).isEqualTo(e.coarse());
        assertThat(progress.get("status").asText()).as(what).isEqualTo(e.progress());
        assertThat(mqsSdk.getStatus()).as(what).isEqualTo(e.mqs());
        assertThat(mqsItem.getStatus()).as(what).isEqualTo(e.mqs());
        // Ids and names.
        assertThat(List.of(platform.get("instance_id").asText(), listItem.get("id").asText(),
                v3Item.get("id").asText(), progress.get("instance_id").asText(), mqs.get("instance_id").asText(),
                mqsItem.getInstanceId())).as(what).containsOnly(id);
        assertThat(List.of(platform.get("name").asText(), listItem.get("name").asText(), v3Item.get("name").asText(),
                progress.get("name").asText(), mqs.get("name").asText(), mqsItem.getName())).as(what)
                .containsOnly(name);
        // Times.
        assertThat(List.of(platform.get("create_time").asText(), listItem.get("create_time").asText(),
                v3Item.get("create_time").asText())).as(what).containsOnly(createIso);
        assertThat(mqs.get("created_at").asText()).as(what).isEqualTo(String.valueOf(createTime));
        assertThat(mqsItem.getCreatedAt()).as(what).isEqualTo(String.valueOf(createTime));
        assertThat(List.of(listItem.get("update_time").asText(), v3Item.get("update_time").asText())).as(what)
                .containsOnly(platform.get("update_time").asText());
        // Network and edition.
        assertThat(v3Item.get("category").asText()).isEqualTo(platform.get("flavor_type").asText());
        assertThat(mqs.get("connect_address").asText()).isEqualTo(platform.get("connect_address").asText());
        assertThat(mqs.get("vpc_id")).isEqualTo(v3Item.get("vpc_id"));
        assertThat(mqs.get("subnet_id")).isEqualTo(v3Item.get("subnet_id"));
        assertTypes(mqs, ShowMqsInstanceResponse.class);
    }

    private void assertGone(String id) {
        assertThat(get(APIC + id).status()).isEqualTo(404);
        assertThat(get("/v2/" + PROJECT + "/instances/" + id).status()).isEqualTo(404);
        assertThat(get("/v2/" + PROJECT + "/instances/" + id + "/process").status()).isEqualTo(404);
        assertThat(get("/v2/" + PROJECT + "/mqs/instances/" + id).status()).isEqualTo(404);
        assertThat(expect(get("/v2/" + PROJECT + "/instances?id=" + id), 200).json().get("total").asInt()).isZero();
        assertThat(expect(get("/v3/" + PROJECT + "/roma/instances?limit=100"), 200).text()).doesNotContain(id);
        assertThat(sdk().listMqsInstance(new ListMqsInstanceRequest()
                .withIncludeInternal(ListMqsInstanceRequest.IncludeInternalEnum.TRUE)).getInstances())
                .noneMatch(i -> i.getInstanceId().equals(id));
    }

    @Test
    void theV3ListAndTheMqsViewsServeFromMemoryAndFollowChanges() {
        upsertOk("mem-1", "{\"instance_name\":\"first-name\",\"tags\":[\"t1\"]}");
        String v3 = "/v3/" + PROJECT + "/roma/instances";
        assertThat(expect(get(v3), 200).text()).contains("first-name");
        assertThat(expect(get("/v2/" + PROJECT + "/mqs/instances/mem-1"), 200).text()).contains("first-name");
        assertThat(expect(get(APIC + "mem-1/tags"), 200).text()).contains("t1");
        // Changed through each writer: the control API, the update API, CreateFeatureV2.
        upsertOk("mem-1", "{\"instance_name\":\"second-name\",\"tags\":[\"t2\"]}");
        assertThat(expect(get(v3), 200).text()).contains("second-name").doesNotContain("first-name");
        assertThat(expect(get("/v2/" + PROJECT + "/mqs/instances?include_internal=true"), 200).text())
                .contains("second-name");
        assertThat(expect(get(APIC + "mem-1/tags"), 200).text()).contains("t2").doesNotContain("t1");
        expect(admin("PUT", APIC + "mem-1", "{\"instance_name\":\"third-name\"}"), 200);
        assertThat(expect(get("/v2/" + PROJECT + "/mqs/instances/mem-1"), 200).text()).contains("third-name");
        assertThat(expect(get(v3), 200).text()).contains("third-name");
        expect(admin("POST", APIC + "mem-1/features", "{\"name\":\"cors\",\"enable\":true}"), 201);
        assertThat(expect(get(APIC + "mem-1/features"), 200).json().get("total").asInt()).isEqualTo(1);
        expect(admin("DELETE", "/_roma_local/projects/" + PROJECT + "/instances/mem-1", null), 204);
        assertError(get(APIC + "mem-1/features"), 404, "APIC.7302", null);
        assertThat(expect(get(v3), 200).json().get("total").asInt()).isZero();
        assertThat(expect(get("/v2/" + PROJECT + "/mqs/instances?include_internal=true"), 200).json()
                .get("instance_num").asInt()).isZero();
    }
}
