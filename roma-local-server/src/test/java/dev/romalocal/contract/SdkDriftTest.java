package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.huaweicloud.sdk.roma.v2.model.CheckRomaInstanceListV2Response;
import com.huaweicloud.sdk.roma.v2.model.CreateFeatureV2Response;
import com.huaweicloud.sdk.roma.v2.model.ListFeaturesV2Response;
import com.huaweicloud.sdk.roma.v2.model.ListLiveDataQuotaV2Response;
import com.huaweicloud.sdk.roma.v2.model.ListMqsInstanceResponse;
import com.huaweicloud.sdk.roma.v2.model.ListTagsV2Response;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;
import com.huaweicloud.sdk.roma.v2.model.ShowMqsInstanceResponse;
import com.huaweicloud.sdk.roma.v2.model.ShowRestrictionOfInstanceV2Response;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.SdkModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift watch, the other direction of the type checks: every property the SDK's response models declare is served
 * by ROMA Local's views of a fully described instance (the SDK on the test class path: the pinned version in the
 * server's build, the newest on Maven Central in the {@code roma-local-sdk-newest} module's, which runs this class
 * again). A newer SDK that models a new field fails here, naming it, until the field is served or listed in
 * {@link #NOT_SERVED} with the reason.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SdkDriftTest extends ServerFixture {
    /** Model properties deliberately not served: {@code <model> <path>} → why. */
    static final Map<String, String> NOT_SERVED = Map.of(
            "ShowMqsInstanceResponse $.listeners",
            "the SDK types it as a bare Object and no documentation gives its shape",
            "ListMqsInstanceResponse $.instances[].listeners",
            "the SDK types it as a bare Object and no documentation gives its shape");

    static final String MQS = """
            {"engine_version": "2.3.0", "ssl_enable": true, "enable_acl": true, "connector_enable": true,
             "user_name": "roma-user", "access_user": "kafka-sasl", "kafka_manager_user": "root",
             "subnet_cidr": "192.168.0.0/24", "cross_vpc_info": "{\\"192.168.0.61\\":{\\"advertised_ip\\":\\"192.168.0.61\\"}}",
             "pod_connect_address": "100.86.75.15:9080"}""";

    /** The version of the SDK under test, from its jar's Maven metadata. */
    static String sdkVersion() throws IOException {
        try (InputStream in = ShowDetailsOfInstanceV2Response.class.getResourceAsStream(
                "/META-INF/maven/com.huaweicloud.sdk/huaweicloud-sdk-roma/pom.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        }
    }

    @Test
    void everyPropertyTheSdkModelsIsServed() throws IOException {
        System.out.println("SdkDriftTest: huaweicloud-sdk-roma " + sdkVersion() + " on " + backend);
        expect(admin("POST", "/_roma_local/reset", null), 200);
        pauseClock();
        ObjectNode full = (ObjectNode) Http.JSON.readTree(ContractTest.FULL);
        full.set("mqs", Http.JSON.readTree(MQS));
        full.put("status", "Running").put("instance_status", 6);
        upsertOk("drift-full", full.toString());
        // A failed create, for the fields only a failed instance carries (the platform list's error_code/msg).
        expect(admin("POST", "/_roma_local/faults",
                "{\"operation\":\"create\",\"step\":\"Installing\",\"effect\":\"fail\",\"count\":1}"), 201);
        String failed = http.createV1(adminToken, "drift-failed", "subnet-drift", "1");
        advance(10);

        String apic = "/v2/" + PROJECT + "/apic/instances/drift-full";
        JsonNode feature = expect(admin("POST", apic + "/features",
                "{\"name\":\"cors\",\"enable\":true,\"config\":\"{}\"}"), 201).json();
        Map<Class<?>, List<JsonNode>> served = new LinkedHashMap<>();
        served.put(CreateFeatureV2Response.class, List.of(feature));
        served.put(ShowDetailsOfInstanceV2Response.class, List.of(json(apic)));
        served.put(ShowRestrictionOfInstanceV2Response.class, List.of(json(apic + "/restriction")));
        served.put(ListFeaturesV2Response.class, List.of(json(apic + "/features")));
        served.put(ListTagsV2Response.class, List.of(json(apic + "/tags")));
        served.put(ListLiveDataQuotaV2Response.class, List.of(json(apic + "/livedata-quota")));
        served.put(CheckRomaInstanceListV2Response.class, List.of(json("/v2/" + PROJECT + "/instances")));
        served.put(ShowMqsInstanceResponse.class, List.of(json("/v2/" + PROJECT + "/mqs/instances/drift-full"),
                json("/v2/" + PROJECT + "/mqs/instances/" + failed)));
        served.put(ListMqsInstanceResponse.class,
                List.of(json("/v2/" + PROJECT + "/mqs/instances?include_internal=true")));

        List<String> missing = new ArrayList<>();
        Set<String> stillNotServed = new TreeSet<>();
        served.forEach((model, answers) -> {
            // A property is served when any of the answers carries it.
            Set<String> unserved = null;
            for (JsonNode answer : answers) {
                Set<String> u = SdkModel.unserved(answer, model);
                if (unserved == null) {
                    unserved = u;
                } else {
                    unserved.retainAll(u);
                }
            }
            for (String path : unserved) {
                String key = model.getSimpleName() + " " + path;
                if (NOT_SERVED.containsKey(key)) {
                    stillNotServed.add(key);
                } else {
                    missing.add(key);
                }
            }
        });
        assertThat(missing).as("properties the SDK's models declare that no view serves: serve them, or list them "
                + "in NOT_SERVED with the reason").isEmpty();
        assertThat(stillNotServed).as("NOT_SERVED entries that are served now, or no longer in the SDK's models")
                .isEqualTo(NOT_SERVED.keySet());
    }

    private JsonNode json(String path) {
        return expect(get(path), 200).json();
    }
}
