package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.Sdk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lifecycle flows walked with the controllable clock (paused, then advanced step by step; never a sleep): create
 * through every status, failures and timeouts at each step, delete, update, restart, upgrade with and without
 * rollback, freeze/unfreeze, health, forced statuses, quotas, validation, and the HuaweiCloudStack client's flow.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class LifecycleTest extends ServerFixture {
    static final String V1_BODY = """
            {"name": "%s", "description": "created by a test", "product_id": "00300-30102-0--0",
             "available_zones": ["cn-north-4a"], "ep_id": "", "vpc_id": "vpc-1", "subnet_id": "%s",
             "security_group_id": "sg-1", "ipv6_enable": false, "enable_all": true, "eip_id": "%s",
             "entrance_bandwidth_size": %d, "mqs": {"engine_version": "2.7", "rocketmq_enable": false,
             "enable_publicip": false, "enable_acl": false, "ssl_enable": false, "retention_policy": "produce_reject",
             "trace_enable": false, "vpc_client_plain": false, "connector_enable": false},
             "maintain_begin": "", "maintain_end": "", "cpu_architecture": "x86"}
            """;

    @BeforeEach
    void cleanSlate() {
        expect(admin("POST", "/_roma_local/reset", null), 200);
        pauseClock();
    }

    String v1Body(String name, String subnet) {
        return V1_BODY.formatted(name, subnet, "", 0);
    }

    /** Creates through the HuaweiCloudStack API; returns the new instance id. */
    String createNamed(String name, String profile) {
        return createWith(v1Body(name, "subnet-" + name), profile);
    }

    String createWith(String body, String profile) {
        Map<String, String> h = new java.util.HashMap<>(Map.of("X-Auth-Token", adminToken,
                "Content-Type", "application/json"));
        if (profile != null) {
            h.put("X-Roma-Local-Profile", profile);
        }
        Http.Response r = expect(http.send("POST", "/v1/" + PROJECT + "/instances", h, body), 200);
        assertThat(r.json().get("status").asText()).isEqualTo("CREATING");
        return r.json().get("instance_id").asText();
    }

    String running(String name) {
        String id = createNamed(name, "instant");
        advance(0);
        assertThat(status(id)).isEqualTo("Running");
        return id;
    }

    Http.Response act(String id, String body) {
        return admin("POST", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/actions", body);
    }

    JsonNode process(String id) {
        return expect(get("/v2/" + PROJECT + "/instances/" + id + "/process"), 200).json();
    }

    String coarse(String id) {
        JsonNode list = expect(get("/v2/" + PROJECT + "/instances?id=" + id), 200).json();
        return list.get("total").asInt() == 0 ? null : list.at("/instances/0/status").asText();
    }

    List<String> history(String id) {
        JsonNode events = expect(admin("GET", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/events",
                null), 200).json().get("events");
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.hasNonNull("to") ? e.get("to").asText() : "(gone)"));
        return out;
    }

    void fault(String operation, String step, String effect) {
        expect(admin("POST", "/_roma_local/faults", "{\"operation\":\"" + operation + "\",\"step\":\"" + step
                + "\",\"effect\":\"" + effect + "\",\"count\":1}"), 201);
    }

    @Test
    void createWalksEveryStatusAndEveryViewAgrees() {
        String id = createNamed("walk-1", "fast");
        String[] statuses = {"Creating", "Initing", "Registering", "Installing", "Starting", "Running"};
        double[] stepSeconds = {1, 1, 0.5, 1, 0.5};
        for (int s = 0; s < statuses.length; s++) {
            assertThat(status(id)).isEqualTo(statuses[s]);
            boolean done = s == statuses.length - 1;
            assertThat(coarse(id)).isEqualTo(done ? "RUNNING" : "CREATING");
            assertThat(get("/v2/" + PROJECT + "/instances/" + id).json().get("status").asText())
                    .isEqualTo(done ? "RUNNING" : "CREATING");
            JsonNode p = process(id);
            assertThat(p.at("/instance/status").asText()).isEqualTo(done ? "RUNNING" : "CREATING");
            assertThat(p.get("progress").asInt()).isEqualTo(done ? 100 : s * 20);
            assertThat(p.get("process").asInt()).isEqualTo(p.get("progress").asInt());
            assertThat(p.at("/instance/errorMessage").asText()).isEmpty();
            if (!done) {
                // Just short of the step's end nothing moves; at its end, exactly one step.
                advance(stepSeconds[s] - 0.1);
                assertThat(status(id)).isEqualTo(statuses[s]);
                advance(0.1);
            }
        }
        assertThat(history(id)).containsExactly(statuses);
        assertThat(process(id).get("end_time").asLong()).isPositive();
    }

    @Test
    void aClockJumpCompletesEveryStepThatFits() {
        String id = createNamed("jump-1", "fast");
        advance(2.4);
        assertThat(status(id)).isEqualTo("Registering");
        advance(100);
        assertThat(status(id)).isEqualTo("Running");
        assertThat(history(id)).containsExactly("Creating", "Initing", "Registering", "Installing", "Starting",
                "Running");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "Creating, fail, CreateFail", "Creating, timeout, CreateTimeout",
            "Initing, fail, InitingFailed", "Initing, timeout, InitTimeout",
            "Registering, fail, RegisterFailed", "Registering, timeout, RegisterTimeout",
            "Installing, fail, InstallFailed", "Installing, timeout, InstallTimeout",
            "Starting, fail, CreateFail", "Starting, timeout, CreateTimeout"})
    void createFailuresLandInTheirDocumentedStatus(String step, String effect, String landed) {
        fault("create", step, effect);
        String id = createNamed("fail-" + step.toLowerCase() + "-" + effect, "fast");
        advance(10);
        assertThat(status(id)).isEqualTo(landed);
        assertThat(coarse(id)).isEqualTo("CREATE_FAILED");
        JsonNode p = process(id);
        assertThat(p.at("/instance/status").asText()).isEqualTo("CREATE_FAILED");
        assertThat(p.at("/instance/errorCode").asText()).isEqualTo("APIC.9206");
        assertThat(p.at("/instance/errorMessage").asText()).contains(step);
        assertThat(p.get("progress").asInt()).isLessThan(100);
        JsonNode item = expect(get("/v2/" + PROJECT + "/instances?id=" + id), 200).json().at("/instances/0");
        assertThat(item.get("error_code").asText()).isEqualTo("APIC.9206");
        assertThat(history(id)).last().isEqualTo(landed);
        assertThat(expect(admin("GET", "/_roma_local/faults", null), 200).json().get("step_faults"))
                .as("the fault is spent").isEmpty();
    }

    @Test
    void deleteWalksToGoneAndFreesTheAddresses() {
        String id = running("del-1");
        String ingress = get("/v2/" + PROJECT + "/apic/instances/" + id).json().get("ingress_ip").asText();
        Http.Response accepted = http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, adminToken, null);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("Deleting");
        assertThat(coarse(id)).isEqualTo("DELETING");
        advance(1);
        assertThat(status(id)).isEqualTo("Unregistering");
        advance(0.5);
        assertThat(status(id)).isNull();
        assertThat(get("/v2/" + PROJECT + "/instances/" + id).status()).isEqualTo(404);
        assertThat(get("/v2/" + PROJECT + "/instances/" + id + "/process").status()).isEqualTo(404);
        assertThat(get("/v2/" + PROJECT + "/apic/instances/" + id + "/restriction").status()).isEqualTo(404);
        JsonNode list = expect(get("/v2/" + PROJECT + "/instances/?id=" + id), 200).json();
        assertThat(list.get("instances")).isEmpty();
        assertThat(history(id)).containsExactly("Creating", "Initing", "Registering", "Installing", "Starting",
                "Running", "Deleting", "Unregistering", "(gone)");
        // The same subnet hands the freed address out again.
        String again = createWith(v1Body("del-2", "subnet-del-1"), "instant");
        advance(0);
        assertThat(get("/v2/" + PROJECT + "/apic/instances/" + again).json().get("ingress_ip").asText())
                .isEqualTo(ingress);
        Http.Response unknown = http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/no-such", adminToken,
                null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("APIC.7302");
    }

    @Test
    void deletingDuringCreationCancelsTheCreate() {
        String id = createNamed("cancel-1", "fast");
        advance(1.5);
        assertThat(status(id)).isEqualTo("Initing");
        expect(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, adminToken, null), 202);
        expect(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, adminToken, null), 202);
        advance(60);
        assertThat(status(id)).isNull();
        assertThat(history(id)).containsExactly("Creating", "Initing", "Deleting", "Unregistering", "(gone)");
    }

    @Test
    void deleteFailuresLandInTheirDocumentedStatus() {
        String id = running("delfail-1");
        fault("delete", "Unregistering", "timeout");
        expect(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, adminToken, null), 202);
        advance(60);
        assertThat(status(id)).isEqualTo("UnregisterTimeout");
        assertThat(coarse(id)).isEqualTo("DELETE_FALIED");
        // A failed delete can be deleted again.
        expect(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, adminToken, null), 202);
        advance(60);
        assertThat(status(id)).isNull();
    }

    @Test
    void updateChangesAttributesOnlyWhenTheStatusAllows() {
        String id = running("upd-1");
        Http.Response r = admin("PUT", "/v2/" + PROJECT + "/apic/instances/" + id,
                "{\"instance_name\":\"renamed-1\",\"description\":\"new words\",\"maintain_begin\":\"06:00:00\","
                        + "\"maintain_end\":\"10:00:00\",\"security_group_id\":\"sg-9\"}");
        expect(r, 200);
        assertThat(r.json().get("instance_name").asText()).isEqualTo("renamed-1");
        JsonNode now = get("/v2/" + PROJECT + "/apic/instances/" + id).json();
        assertThat(now.get("description").asText()).isEqualTo("new words");
        assertThat(now.get("maintain_begin").asText()).isEqualTo("06:00:00");
        assertThat(now.get("maintain_end").asText()).isEqualTo("10:00:00");
        assertThat(now.get("security_group_id").asText()).isEqualTo("sg-9");
        assertThat(get("/v2/" + PROJECT + "/instances/" + id).json().get("name").asText()).isEqualTo("renamed-1");
        Http.Response begin = admin("PUT", "/v2/" + PROJECT + "/apic/instances/" + id, "{\"maintain_begin\":\"14:00:00\"}");
        assertThat(begin.json().get("maintain_end").asText()).isEqualTo("18:00:00");
        for (String bad : List.of("{\"instance_name\":\"1bad\"}", "{\"maintain_begin\":\"05:00:00\"}",
                "{\"maintain_end\":\"05:00:00\"}", "{\"status\":\"Running\"}", "{\"description\":7}")) {
            Http.Response b = admin("PUT", "/v2/" + PROJECT + "/apic/instances/" + id, bad);
            assertThat(b.status()).as(bad).isEqualTo(400);
            assertThat(b.errorCode()).isEqualTo("APIG.2012");
        }
        String creating = createNamed("upd-2", "fast");
        Http.Response conflict = admin("PUT", "/v2/" + PROJECT + "/apic/instances/" + creating,
                "{\"description\":\"x\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("ROMALOCAL.4092");
        assertThat(conflict.json().get("error_msg").asText()).contains("Creating");
        assertThat(admin("PUT", "/v2/" + PROJECT + "/apic/instances/no-such", "{}").status()).isEqualTo(404);
    }

    @Test
    void restartAndItsFailure() {
        String id = running("rst-1");
        Http.Response r = act(id, "{\"action\":\"restart\"}");
        expect(r, 202);
        assertThat(r.json().get("status").asText()).isEqualTo("Restarting");
        assertThat(coarse(id)).isEqualTo("RUNNING");
        assertThat(act(id, "{\"action\":\"restart\"}").status()).as("one operation at a time").isEqualTo(409);
        advance(1);
        assertThat(status(id)).isEqualTo("Running");
        fault("restart", "Restarting", "fail");
        expect(act(id, "{\"action\":\"restart\"}"), 202);
        advance(1);
        assertThat(status(id)).isEqualTo("RestartFail");
        assertThat(coarse(id)).isEqualTo("ERROR");
        expect(act(id, "{\"action\":\"restart\"}"), 202);
        advance(1);
        assertThat(status(id)).as("a restart recovers").isEqualTo("Running");
        fault("restart", "Restarting", "timeout");
        expect(act(id, "{\"action\":\"restart\"}"), 202);
        advance(1);
        assertThat(status(id)).isEqualTo("RestartTimeout");
    }

    @Test
    void upgradeSucceedsOrRollsBack() {
        String id = running("upg-1");
        assertThat(get("/v2/" + PROJECT + "/apic/instances/" + id).json().get("instance_version").asText())
                .isEqualTo("24.12.0");
        expect(act(id, "{\"action\":\"upgrade\",\"version\":\"25.3.0\"}"), 202);
        assertThat(status(id)).isEqualTo("Updating");
        advance(1.5);
        JsonNode after = get("/v2/" + PROJECT + "/apic/instances/" + id).json();
        assertThat(after.get("status").asText()).isEqualTo("Running");
        assertThat(after.get("instance_version").asText()).isEqualTo("25.3.0");

        fault("upgrade", "Updating", "fail");
        expect(act(id, "{\"action\":\"upgrade\",\"version\":\"26.0.0\"}"), 202);
        advance(1.5);
        assertThat(status(id)).isEqualTo("UpdateFailed");
        assertThat(coarse(id)).isEqualTo("ERROR");
        advance(0.5);
        assertThat(status(id)).isEqualTo("Rollbacking");
        assertThat(coarse(id)).isEqualTo("RUNNING");
        advance(1);
        assertThat(status(id)).isEqualTo("RollbackSuccess");
        advance(0.5);
        JsonNode rolledBack = get("/v2/" + PROJECT + "/apic/instances/" + id).json();
        assertThat(rolledBack.get("status").asText()).isEqualTo("Running");
        assertThat(rolledBack.get("instance_version").asText()).as("the old version stays").isEqualTo("25.3.0");
        assertThat(history(id)).endsWith("Updating", "UpdateFailed", "Rollbacking", "RollbackSuccess", "Running");

        fault("upgrade", "Updating", "timeout");
        fault("rollback", "Rollbacking", "fail");
        expect(act(id, "{\"action\":\"upgrade\",\"version\":\"26.0.0\"}"), 202);
        advance(60);
        assertThat(status(id)).isEqualTo("RollbackFailed");
        assertThat(history(id)).endsWith("Updating", "UpdateTimeout", "Rollbacking", "RollbackFailed");
        assertThat(act(id, "{\"action\":\"upgrade\"}").status()).isEqualTo(400);
    }

    @Test
    void freezeUnfreezeAndHealth() {
        String id = running("frz-1");
        expect(act(id, "{\"action\":\"freeze\"}"), 202);
        assertThat(status(id)).isEqualTo("Freezing");
        assertThat(coarse(id)).isEqualTo("FREEZING");
        advance(0.5);
        assertThat(status(id)).isEqualTo("Frozen");
        assertThat(coarse(id)).isEqualTo("FROZEN");
        assertThat(admin("PUT", "/v2/" + PROJECT + "/apic/instances/" + id, "{\"description\":\"x\"}").status())
                .as("a frozen instance refuses updates").isEqualTo(409);
        assertThat(act(id, "{\"action\":\"restart\"}").status()).isEqualTo(409);
        expect(act(id, "{\"action\":\"unfreeze\"}"), 202);
        assertThat(status(id)).isEqualTo("Starting");
        assertThat(coarse(id)).as("Starting after an unfreeze is RUNNING").isEqualTo("RUNNING");
        advance(0.5);
        assertThat(status(id)).isEqualTo("Running");

        expect(act(id, "{\"action\":\"unhealthy\"}"), 202);
        assertThat(status(id)).isEqualTo("Unhealthy");
        assertThat(coarse(id)).isEqualTo("ERROR");
        expect(act(id, "{\"action\":\"healthy\"}"), 202);
        assertThat(status(id)).isEqualTo("Running");
        assertThat(act(id, "{\"action\":\"healthy\"}").status()).isEqualTo(409);
        assertThat(act(id, "{\"action\":\"dance\"}").status()).isEqualTo(400);
    }

    @Test
    void forcingAStatusEndsTheOperation() {
        String id = createNamed("force-1", "fast");
        Http.Response r = admin("PUT", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/status",
                "{\"status\":\"InstallTimeout\"}");
        expect(r, 200);
        assertThat(r.json().get("instance_status").asInt()).isEqualTo(30);
        advance(60);
        assertThat(status(id)).as("the create does not go on").isEqualTo("InstallTimeout");
        assertThat(coarse(id)).isEqualTo("CREATE_FAILED");
        expect(admin("PUT", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/status",
                "{\"instance_status\":6}"), 200);
        assertThat(status(id)).isEqualTo("Running");
        assertThat(admin("PUT", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/status",
                "{\"status\":\"Running\",\"instance_status\":3}").status()).isEqualTo(400);
    }

    @Test
    void requestFaultsAnswerTheChosenErrorThenStop() {
        String id = running("rf-1");
        expect(admin("POST", "/_roma_local/faults/requests", "{\"method\":\"GET\","
                + "\"path\":\"/v2/{project_id}/apic/instances/{instance_id}\",\"error_code\":\"APIC.9000\","
                + "\"count\":2}"), 201);
        var sdk = Sdk.roma(server.endpoint());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> sdk.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request()
                    .withInstanceId(id))).isInstanceOfSatisfying(ServerResponseException.class, e -> {
                        assertThat(e.getHttpStatusCode()).isEqualTo(500);
                        assertThat(e.getErrorCode()).isEqualTo("APIC.9000");
                        assertThat(e.getRequestId()).isNotNull();
                    });
        }
        assertThat(sdk.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId(id)).getId())
                .isEqualTo(id);
        expect(admin("POST", "/_roma_local/faults/requests", "{\"path\":\"/v2/{project_id}/instances\","
                + "\"error_code\":\"APIGW.0308\"}"), 201);
        Http.Response throttled = get("/v2/" + PROJECT + "/instances");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.errorCode()).isEqualTo("APIGW.0308");
        assertThat(throttled.header("Retry-After")).isEqualTo("1");
        assertThat(get("/v2/" + PROJECT + "/instances").status()).isEqualTo(200);
        assertThat(admin("POST", "/_roma_local/faults/requests", "{\"path\":\"/nope\",\"error_code\":\"APIC.9000\"}")
                .status()).isEqualTo(400);
        assertThat(admin("POST", "/_roma_local/faults/requests", "{\"path\":\"/v2/{project_id}/instances\","
                + "\"error_code\":\"NOPE.1\"}").status()).isEqualTo(400);
    }

    @Test
    void faultDefinitionsAreValidated() {
        for (String bad : List.of("{\"operation\":\"dance\",\"effect\":\"fail\"}",
                "{\"operation\":\"create\",\"step\":\"Running\",\"effect\":\"fail\"}",
                "{\"operation\":\"freeze\",\"effect\":\"fail\"}",
                "{\"operation\":\"create\",\"effect\":\"explode\"}",
                "{\"operation\":\"create\",\"effect\":\"fail\",\"count\":0}")) {
            Http.Response r = admin("POST", "/_roma_local/faults", bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void createBodiesAreValidatedAndRejectedOnesCreateNothing() {
        List<String> bad = new ArrayList<>();
        String ok = v1Body("val-1", "subnet-val");
        bad.add(ok.replace("\"name\": \"val-1\"", "\"name\": \"\""));
        bad.add(ok.replace("\"00300-30102-0--0\"", "\"00300-99999-0--0\""));
        bad.add(ok.replace("[\"cn-north-4a\"]", "[]"));
        bad.add(ok.replace("\"cpu_architecture\": \"x86\"", "\"cpu_architecture\": \"sparc\""));
        bad.add(ok.replace("\"ipv6_enable\": false,", ""));
        bad.add(ok.replace("\"maintain_begin\": \"\", \"maintain_end\": \"\"",
                "\"maintain_begin\": \"03:00:00\", \"maintain_end\": \"07:00:00\""));
        bad.add(ok.replace("\"entrance_bandwidth_size\": 0", "\"entrance_bandwidth_size\": 10"));
        bad.add(V1_BODY.formatted("val-1", "subnet-val", "eip-1", 3000));
        bad.add(ok.replace("\"retention_policy\": \"produce_reject\"", "\"retention_policy\": \"forever\""));
        bad.add(ok.replace("\"vpc_id\": \"vpc-1\"", "\"vpc_id\": 7"));
        bad.add(ok.replace("\"enable_all\": true", "\"enable_all\": \"yes\""));
        for (String body : bad) {
            Http.Response r = http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("ROMA.13000");
        }
        for (String body : List.of("{\"name\":\"v3-1\"}",
                "{\"name\":\"v3-1\",\"charge_type\":\"free\",\"available_zone_ids\":[\"a\"],\"cpu_arch\":\"x86_64\","
                        + "\"rcu\":{\"total\":4},\"vpc_id\":\"v\",\"subnet_id\":\"s\"}",
                "{\"name\":\"v3-1\",\"charge_type\":\"postPaid\",\"available_zone_ids\":[\"a\"],\"cpu_arch\":\"x86_64\","
                        + "\"rcu\":{\"total\":4},\"vpc_id\":\"v\",\"subnet_id\":\"s\",\"ingress_bandwidth_size\":10}")) {
            Http.Response r = http.withToken("POST", "/v3/" + PROJECT + "/roma/instances", adminToken, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("ROMA.13000");
        }
        assertThat(http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken, "").errorCode())
                .isEqualTo("ROMA.13001");
        assertThat(expect(get("/v2/" + PROJECT + "/instances"), 200).json().get("total").asInt()).isZero();
        assertThat(expect(admin("GET", "/_roma_local/subnets", null), 200).json().get("subnets").toString())
                .as("no subnet was touched either").doesNotContain("subnet-val");
    }

    @Test
    void v3CreateWithPublicAccess() {
        Http.Response r = expect(http.withToken("POST", "/v3/" + PROJECT + "/roma/instances", adminToken,
                "{\"name\":\"pro-1\",\"charge_type\":\"prePaid\",\"available_zone_ids\":[\"cn-north-4a\","
                        + "\"cn-north-4b\"],\"cpu_arch\":\"aarch64\",\"rcu\":{\"total\":16,\"distribution\":"
                        + "[{\"indicator\":{\"id\":\"apic\"},\"value\":8}]},\"vpc_id\":\"vpc-9\","
                        + "\"subnet_id\":\"subnet-pro\",\"publicip_enable\":true,\"ingress_bandwidth_size\":50,"
                        + "\"config\":{\"mqs\":{\"engine_version\":\"2.7\",\"retention_policy\":\"time_base\"}},"
                        + "\"unknown_extra\":1}"), 200);
        String id = r.json().get("id").asText();
        assertThat(r.json().get("instance_id").asText()).isEqualTo(id);
        advance(10);
        JsonNode d = get("/v2/" + PROJECT + "/apic/instances/" + id).json();
        assertThat(d.get("status").asText()).isEqualTo("Running");
        assertThat(d.get("spec").asText()).isEqualTo("ROMA_ENTERPRISE");
        assertThat(d.get("charging_mode").asInt()).isEqualTo(1);
        assertThat(d.get("bandwidth_size").asInt()).isEqualTo(50);
        assertThat(d.get("eip_address").asText()).startsWith("100.85.");
        assertThat(d.get("available_zone_ids").asText()).isEqualTo("[cn-north-4a, cn-north-4b]");
        JsonNode p = get("/v2/" + PROJECT + "/instances/" + id).json();
        assertThat(p.get("cpu_arch").asText()).isEqualTo("aarch64");
        assertThat(p.get("publicip_enable").asBoolean()).isTrue();
        assertThat(p.get("charge_type").asText()).isEqualTo("prePaid");
    }

    @Test
    void addressesAreNeverHandedOutTwiceInASubnet() {
        expect(admin("PUT", "/_roma_local/subnets/subnet-small", "{\"cidr\":\"192.168.7.0/28\"}"), 200);
        Set<String> seen = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = createWith(v1Body("small-" + i, "subnet-small"), "instant");
            ids.add(id);
        }
        advance(0);
        for (String id : ids) {
            JsonNode d = get("/v2/" + PROJECT + "/apic/instances/" + id).json();
            assertThat(seen.add(d.get("ingress_ip").asText())).isTrue();
            d.at("/node_ips/livedata").forEach(n -> assertThat(seen.add(n.asText())).isTrue());
            d.at("/node_ips/shubao").forEach(n -> assertThat(seen.add(n.asText())).isTrue());
        }
        assertThat(seen).hasSize(10).allMatch(a -> a.startsWith("192.168.7."))
                .doesNotContain("192.168.7.0", "192.168.7.1", "192.168.7.15");
        // Lowest free first: the ingress address, then the nodes' four in order (one allocation gives all five).
        JsonNode first = get("/v2/" + PROJECT + "/apic/instances/" + ids.get(0)).json();
        assertThat(first.get("ingress_ip").asText()).isEqualTo("192.168.7.2");
        assertThat(first.at("/node_ips/livedata")).extracting(JsonNode::asText)
                .containsExactly("192.168.7.3", "192.168.7.4");
        assertThat(first.at("/node_ips/shubao")).extracting(JsonNode::asText)
                .containsExactly("192.168.7.5", "192.168.7.6");
        // 13 usable addresses, 10 in use: a third instance (5 more) does not fit.
        Http.Response full = http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken,
                v1Body("small-2", "subnet-small"));
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.errorCode()).isEqualTo("APIC.9219");
        assertThat(admin("PUT", "/_roma_local/subnets/subnet-small", "{\"cidr\":\"10.0.0.0/24\"}").status())
                .as("a subnet in use keeps its CIDR").isEqualTo(409);
    }

    @Test
    void theQuotaStopsCreatesAndCreatesNothing() {
        for (int i = 0; i < 100; i++) {
            upsertOk("quota-" + i, "{\"subnet_id\":\"quota-" + i + "\"}");
        }
        Http.Response r = http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken,
                v1Body("over-quota", "subnet-q"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("APIC.9218");
        assertThat(get("/v2/" + PROJECT + "/instances").json().get("total").asInt()).isEqualTo(100);
    }

    /**
     * The quota reads the project's count, which every insert and delete moves: creates racing for the last slots get
     * exactly those, a deleted instance frees its slot, and a snapshot import or a reset counts again.
     */
    @Test
    void theQuotaHoldsUnderRacingCreatesDeletesImportsAndResets() throws Exception {
        createWith(v1Body("first", "subnet-q"), "instant");
        advance(0);
        // One seed of 94 documents moves the project's count once, by 94, at its end.
        StringBuilder seed = new StringBuilder("[");
        for (int i = 0; i < 94; i++) {
            seed.append(i == 0 ? "" : ",").append("{\"project_id\":\"").append(PROJECT).append("\",\"id\":\"slot-")
                    .append(i).append("\",\"subnet_id\":\"slot-").append(i % 3).append("\"}");
        }
        expect(admin("POST", "/_roma_local/seed", seed.append(']').toString()), 200);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Http.Response>> racing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String body = v1Body("race-" + i, "subnet-race-" + (i % 2));
            racing.add(pool.submit(() -> http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken, body)));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<Http.Response> f : racing) {
            Http.Response r = f.get(60, TimeUnit.SECONDS);
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() == 400) {
                assertThat(r.errorCode()).isEqualTo("APIC.9218");
            }
        }
        pool.shutdown();
        assertThat(statuses).containsExactly(Map.entry(200, 5), Map.entry(400, 5));
        assertThat(get("/v2/" + PROJECT + "/instances").json().get("total").asInt()).isEqualTo(100);
        advance(600);

        expect(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/slot-0", adminToken, null), 202);
        Http.Response stillFull = http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken,
                v1Body("while-deleting", "subnet-q"));
        assertThat(stillFull.errorCode()).as("an instance being deleted still counts").isEqualTo("APIC.9218");
        advance(600);
        assertThat(status("slot-0")).isNull();
        String freed = createWith(v1Body("freed-slot", "subnet-q"), "instant");
        advance(0);   // its steps run now, not during the export and import below
        assertThat(status(freed)).isEqualTo("Running");
        assertThat(http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken, v1Body("over", "subnet-q"))
                .errorCode()).isEqualTo("APIC.9218");

        String snapshot = expect(admin("GET", "/_roma_local/snapshot", null), 200).text();
        expect(admin("POST", "/_roma_local/reset", null), 200);
        expect(admin("PUT", "/_roma_local/snapshot", snapshot), 200);
        adminToken = http.adminToken();   // an import revokes every token
        assertThat(http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken, v1Body("after-import",
                "subnet-q")).errorCode()).as("the imported project is full").isEqualTo("APIC.9218");
        expect(admin("POST", "/_roma_local/reset", null), 200);
        pauseClock();
        String afterReset = createWith(v1Body("after-reset", "subnet-q"), "instant");
        advance(0);
        assertThat(status(afterReset)).isEqualTo("Running");
        assertThat(get("/v2/" + PROJECT + "/instances").json().get("total").asInt()).isEqualTo(1);
    }

    /** The HuaweiCloudStack provider's flow, shaped as its client makes the calls. */
    @Test
    void huaweiCloudStackClientFlow() {
        Http.Response created = expect(http.withToken("POST", "/v1/" + PROJECT + "/instances", adminToken,
                V1_BODY.formatted("hcs-1", "subnet-hcs", "eip-123", 20)), 200);
        String id = created.json().get("instance_id").asText();
        int polls = 0;
        while (true) {
            JsonNode p = expect(get("/v2/" + PROJECT + "/instances/" + id + "/process"), 200).json();
            String state = p.at("/instance/errorMessage").asText().isEmpty()
                    ? p.at("/instance/status").asText() : "CREATE_FAILED";
            if (state.equals("RUNNING")) {
                break;
            }
            assertThat(state).isEqualTo("CREATING");
            assertThat(++polls).isLessThan(20);
            advance(30);
        }
        JsonNode detail = expect(get("/v2/" + PROJECT + "/instances/" + id), 200).json();
        assertThat(detail.get("instance_id").asText()).isEqualTo(id);
        assertThat(detail.get("name").asText()).isEqualTo("hcs-1");
        assertThat(detail.get("status").asText()).isEqualTo("RUNNING");
        assertThat(detail.get("publicip_id").asText()).isEqualTo("eip-123");
        assertThat(detail.get("bandwidths").asInt()).isEqualTo(20);
        assertThat(detail.get("flavor_id").asText()).isEqualTo("00300-30102-0--0");
        expect(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, adminToken, null), 202);
        polls = 0;
        while (expect(get("/v2/" + PROJECT + "/instances/?id=" + id), 200).json().get("instances").size() > 0) {
            assertThat(++polls).isLessThan(20);
            advance(30);
        }
        assertThat(get("/v2/" + PROJECT + "/instances/" + id + "/process").status()).isEqualTo(404);
    }

    @Test
    void theClockCanBeReadPausedAndResumed() {
        JsonNode c = expect(admin("GET", "/_roma_local/clock", null), 200).json();
        assertThat(c.get("paused").asBoolean()).isTrue();
        long before = c.get("now").asLong();
        advance(3600);
        long after = expect(admin("GET", "/_roma_local/clock", null), 200).json().get("now").asLong();
        assertThat(after - before).isEqualTo(3_600_000);
        JsonNode resumed = expect(admin("PUT", "/_roma_local/clock", "{\"paused\":false}"), 200).json();
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat(resumed.get("now").asLong()).isGreaterThanOrEqualTo(after);
        assertThat(admin("POST", "/_roma_local/clock/advance", "{\"seconds\":-1}").status()).isEqualTo(400);
        assertThat(admin("PUT", "/_roma_local/clock", "{}").status()).isEqualTo(400);
    }
}
