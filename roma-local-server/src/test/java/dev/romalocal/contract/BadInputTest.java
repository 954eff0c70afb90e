package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input never becomes a 500 or a stack trace: every mistake a client can make is a JSON error from the
 * catalogue with the right status, a request id and a Content-Type; and a rejected write changes nothing.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class BadInputTest extends ServerFixture {

    void assertError(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Request-Id")).matches("[0-9a-f]{32}");
        assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
        assertThat(r.json().get("error_msg").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        assertError(get("/v2/" + PROJECT + "/nothing-here"), 404, "APIGW.0101");
        assertError(http.send("GET", "/nothing-here", Map.of(), null), 404, "APIGW.0101");
        assertError(http.send("DELETE", "/", Map.of(), null), 405, "APIGW.0101"); // "/" is the index (GET)
        Http.Response r = http.withToken("DELETE", "/v2/" + PROJECT + "/apic/instances/x", adminToken, null);
        assertError(r, 405, "APIGW.0101");
        assertThat(r.header("Allow")).isEqualTo("GET, PUT");
        Http.Response put = http.withToken("POST", "/_roma_local/projects/" + PROJECT + "/instances/x", adminToken,
                "{}");
        assertError(put, 405, "APIGW.0101");
        assertThat(put.header("Allow")).contains("PUT").contains("DELETE");
    }

    @Test
    void malformedIdsAre400() {
        for (String id : List.of("a%20b:c", "bad%2Fslash", "-leading-dash", "x".repeat(65), "%E4%BD%A0")) {
            assertError(get("/v2/" + PROJECT + "/apic/instances/" + id), 400, "APIG.2012");
            assertError(get("/v2/" + PROJECT + "/instances/" + id), 400, "ROMA.13000");
        }
        assertError(get("/v2/" + PROJECT + "/instances?id=a%20b"), 400, "ROMA.13000");
    }

    @Test
    void listParametersAreChecked() {
        String base = "/v2/" + PROJECT + "/instances";
        for (String q : List.of("offset=-1", "offset=abc", "offset=1.5", "limit=0", "limit=101", "limit=x",
                "limit=99999999999", "status=BOGUS", "status=ab", "limit=1&limit=2")) {
            Http.Response r = get(base + "?" + q);
            assertError(r, 400, "ROMA.13000");
        }
        assertThat(get(base + "?status=DELETED").json().get("total").asInt()).isZero();
        assertThat(get(base + "?status=DELETE_FALIED").status()).isEqualTo(200);
        assertThat(get(base + "?offset=1000000&limit=100").json().get("size").asInt()).isZero();
    }

    @Test
    void upsertDocumentsAreValidatedAndRejectedOnesChangeNothing() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"status\":\"Runing\"}", "status");
        bad.put("{\"instance_status\":9}", "instance_status");
        bad.put("{\"status\":\"Running\",\"instance_status\":37}", "instance_status");
        bad.put("{\"instance_status\":\"6\"}", "instance_status");
        bad.put("{\"bandwidth_size\":\"5\"}", "bandwidth_size");
        bad.put("{\"bandwidth_size\":5.5}", "bandwidth_size");
        bad.put("{\"create_time\":\"1700000000000\"}", "create_time");
        bad.put("{\"instance_name\":123}", "instance_name");
        bad.put("{\"instance_name\":\"1-starts-with-digit\"}", "instance_name");
        bad.put("{\"spec\":\"PROFESSIONAL\"}", "spec");
        bad.put("{\"cipher_type\":\"weird\"}", "cipher_type");
        bad.put("{\"maintain_begin\":\"03:00:00\",\"maintain_end\":\"07:00:00\"}", "maintain_begin");
        bad.put("{\"maintain_begin\":\"02:00:00\",\"maintain_end\":\"05:00:00\"}", "maintain_end");
        bad.put("{\"maintain_begin\":\"02:00:00\"}", "maintain_end");
        bad.put("{\"ingress_ip\":\"300.1.1.1\"}", "ingress_ip");
        bad.put("{\"charging_mode\":2}", "charging_mode");
        bad.put("{\"listeners\":[{\"port\":70000}]}", "listeners[0].port");
        bad.put("{\"listeners\":[{\"backend\":{\"health_check\":{\"protocol\":\"ICMP\"}}}]}",
                "listeners[0].backend.health_check.protocol");
        bad.put("{\"cbc_operation_locks\":[{\"lock_scene\":\"NOPE\"}]}", "cbc_operation_locks[0].lock_scene");
        bad.put("{\"node_ips\":{\"shubao\":[\"x\"]}}", "node_ips.shubao");
        bad.put("{\"supported_features\":\"ratelimit\"}", "supported_features");
        bad.put("{\"no_such_field\":1}", "no_such_field");
        bad.put("{\"id\":\"another-id\"}", "id");
        bad.put("{\"project_id\":\"another-project\"}", "project_id");
        bad.put("[]", "body");
        bad.put("{", "body");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Http.Response r = upsert("rejected-1", e.getKey());
            assertError(r, 400, "APIG.2012");
            assertThat(r.json().get("error_msg").asText()).as(e.getKey())
                    .contains("parameterName:" + e.getValue() + ".");
        }
        assertError(get("/v2/" + PROJECT + "/apic/instances/rejected-1"), 404, "APIC.7302");
        assertError(upsert("rejected-1", ""), 400, "ROMA.13001");
        assertError(get("/v2/" + PROJECT + "/apic/instances/rejected-1"), 404, "APIC.7302");
        upsertOk("rejected-2", "{\"instance_name\":\"kept\"}");
        assertError(upsert("rejected-2", "{\"status\":\"Nope\"}"), 400, "APIG.2012");
        assertThat(get("/v2/" + PROJECT + "/apic/instances/rejected-2").json().get("instance_name").asText())
                .isEqualTo("kept");
    }

    @Test
    void tooLargeBodiesAre413() {
        String big = "{\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Http.Response r = upsert("big-1", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("APIGW.0201");
    }

    @Test
    void controlApiNeedsCredentialsAndAKnownProject() {
        assertError(http.send("PUT", "/_roma_local/projects/" + PROJECT + "/instances/x",
                Map.of("Content-Type", "application/json"), "{}"), 401, "APIC.7102");
        assertError(http.send("POST", "/_roma_local/reset", Map.of(), null), 401, "APIC.7102");
        // A project the caller's token is not scoped to (here: one that does not exist): no permission, and why.
        Http.Response unknown = http.withToken("PUT",
                "/_roma_local/projects/fedcba9876543210fedcba9876543210/instances/x", adminToken, "{}");
        assertError(unknown, 403, "APIC.7106");
        assertThat(unknown.header("X-Roma-Local-Reason")).contains("scoped to project " + PROJECT);
        Http.Response signed = http.signed("PUT", "/_roma_local/projects/fedcba9876543210fedcba9876543210/instances/x",
                null, Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY, "{}",
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        assertError(signed, 403, "APIC.7106");
        assertThat(signed.header("X-Roma-Local-Reason")).contains("does not exist");
        Http.Response health = http.send("GET", "/_roma_local/health", Map.of(), null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void upsertCreatesReplacesAndDeletes() {
        Http.Response created = upsert("life-1", "{\"instance_name\":\"first\",\"bandwidth_size\":10}");
        assertThat(created.status()).isEqualTo(201);
        Http.Response replaced = upsert("life-1", "{\"instance_name\":\"second\"}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("instance_name").asText()).isEqualTo("second");
        assertThat(replaced.json().has("bandwidth_size")).as("a replace, not a merge").isFalse();
        Http.Response deleted = http.withToken("DELETE", "/_roma_local/projects/" + PROJECT + "/instances/life-1",
                adminToken, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.header("X-Request-Id")).isNotBlank();
        assertError(get("/v2/" + PROJECT + "/apic/instances/life-1"), 404, "APIC.7302");
        assertError(http.withToken("DELETE", "/_roma_local/projects/" + PROJECT + "/instances/life-1", adminToken,
                null), 404, "APIC.7302");
    }

    @Test
    void resetRemovesEveryInstance() {
        upsertOk("reset-1", "{}");
        upsertOk("reset-2", "{}");
        Http.Response r = http.withToken("POST", "/_roma_local/reset", adminToken, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("deleted_instances").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(get("/v2/" + PROJECT + "/instances").json().get("total").asInt()).isZero();
    }
}
