package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.romalocal.instance.InstanceDocumentTest.node;
import static dev.romalocal.instance.InstanceDocumentTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The document fields the instance-scoped views derive from: {@code mqs}, {@code livedata_quota}, {@code tags},
 * {@code features}; and their defaults ({@link InstanceDefaults}).
 */
class InstanceSettingsDocumentTest {

    @Test
    void everySettingBindsWithItsType() {
        Instance i = parse("""
                {"mqs": {"engine_version": "2.3.0", "retention_policy": "time_base", "ssl_enable": true,
                         "trace_enable": true, "vpc_client_plain": false, "enable_publicip": true,
                         "enable_acl": true, "rocketmq_enable": false, "connector_enable": true},
                 "livedata_quota": {"datasource": 1, "api": 2, "scripts": 3, "datasource_used": 1, "api_used": 0},
                 "tags": ["a", "b"],
                 "features": [{"name": "cors", "enable": true, "config": "{\\"x\\": 1}"},
                              {"name": "gzip", "enable": false}]}
                """);
        assertThat(i.mqs()).isEqualTo(new Instance.Mqs("2.3.0", "time_base", true, true, false, true, true, false,
                true));
        assertThat(i.livedataQuota()).isEqualTo(new Instance.LiveDataQuota(1, 2, 3, 1, 0));
        assertThat(i.tags()).containsExactly("a", "b");
        assertThat(i.features()).containsExactly(new Instance.Feature(null, "cors", true, "{\"x\": 1}", null),
                new Instance.Feature(null, "gzip", false, null, null));
        Instance empty = parse("{}");
        assertThat(empty.mqs()).isNull();
        assertThat(empty.livedataQuota()).isNull();
        assertThat(empty.tags()).isNull();
        assertThat(empty.features()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"mqs": []}                                                  | mqs
            {"mqs": {"engine_version": "3"}}                             | mqs.engine_version
            {"mqs": {"engine_version": 2.7}}                             | mqs.engine_version
            {"mqs": {"retention_policy": "forever"}}                     | mqs.retention_policy
            {"mqs": {"ssl_enable": "true"}}                              | mqs.ssl_enable
            {"mqs": {"partitions": 3}}                                   | mqs.partitions
            {"livedata_quota": {"api": "1"}}                             | livedata_quota.api
            {"livedata_quota": {"scripts": -1}}                          | livedata_quota.scripts
            {"livedata_quota": {"datasource": 1000001}}                  | livedata_quota.datasource
            {"livedata_quota": {"datasource": 1.5}}                      | livedata_quota.datasource
            {"tags": "a"}                                                | tags
            {"tags": [1]}                                                | tags
            {"tags": [""]}                                               | tags
            {"tags": ["a", "b", "a"]}                                    | tags
            {"features": {}}                                             | features
            {"features": [{"enable": true}]}                             | features[0].name
            {"features": [{"name": "cors"}]}                             | features[0].enable
            {"features": [{"name": "cors", "enable": 1}]}                | features[0].enable
            {"features": [{"name": "Cors", "enable": true}]}             | features[0].name
            {"features": [{"name": "cors", "enable": true, "config": 5}]} | features[0].config
            {"features": [{"name": "cors", "enable": true, "id": "x"}]}  | features[0].id
            {"features": [{"name": "cors", "enable": true}, {"name": "cors", "enable": true}]} | features[1].name
            """)
    void badSettingsNameTheParameter(String json, String parameter) {
        assertThatThrownBy(() -> InstanceDocument.parse(node(json)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.parameter()).as(e.getMessage()).isEqualTo(parameter);
                    assertThat(e.reason()).isNotBlank();
                });
    }

    @Test
    void tooManyTagsOrAConfigTooLongAreRefused() {
        StringBuilder many = new StringBuilder("{\"tags\": [");
        for (int n = 0; n <= InstanceDocument.MAX_TAGS; n++) {
            many.append(n == 0 ? "" : ",").append("\"t").append(n).append('"');
        }
        many.append("]}");
        assertThatThrownBy(() -> InstanceDocument.parse(node(many.toString())))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("tags"));
        String config = "c".repeat(FeatureToggle.MAX_CONFIG + 1);
        assertThatThrownBy(() -> InstanceDocument.parse(node("{\"features\": [{\"name\": \"cors\", \"enable\": true,"
                + " \"config\": \"" + config + "\"}]}")))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("features[0].config"));
    }

    @Test
    void defaultsFollowTheEdition() {
        assertThat(InstanceDefaults.liveDataQuota(Spec.ROMA_BASIC, null))
                .isEqualTo(new Instance.LiveDataQuota(20, 100, 100, 0, 0));
        assertThat(InstanceDefaults.liveDataQuota(Spec.ROMA_PROFESSIONAL_IPV6, null))
                .isEqualTo(new Instance.LiveDataQuota(50, 300, 300, 0, 0));
        assertThat(InstanceDefaults.liveDataQuota(Spec.ROMA_ENTERPRISE, null))
                .isEqualTo(new Instance.LiveDataQuota(100, 600, 600, 0, 0));
        assertThat(InstanceDefaults.liveDataQuota(Spec.ROMA_PLATINUM, new Instance.LiveDataQuota(null, 5, null, null,
                4))).isEqualTo(new Instance.LiveDataQuota(200, 5, 1000, 0, 4));
        assertThat(InstanceDefaults.mqs(null, false))
                .isEqualTo(new Instance.Mqs("2.7", "produce_reject", false, false, false, false, false, false, false));
        assertThat(InstanceDefaults.mqs(null, true).enablePublicip()).as("on with a public address").isTrue();
        assertThat(InstanceDefaults.mqs(new Instance.Mqs(null, null, null, null, null, true, null, null, null), false)
                .enablePublicip()).as("never without one").isFalse();
        assertThat(InstanceDefaults.featureId("inst-1", "cors")).matches("[0-9a-f]{32}")
                .isEqualTo(InstanceDefaults.featureId("inst-1", "cors"))
                .isNotEqualTo(InstanceDefaults.featureId("inst-2", "cors"));
    }
}
