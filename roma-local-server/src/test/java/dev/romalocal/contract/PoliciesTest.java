package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.CreateCloudServiceCustomPolicyRequest;
import com.huaweicloud.sdk.iam.v3.model.CreateCloudServiceCustomPolicyRequestBody;
import com.huaweicloud.sdk.iam.v3.model.CreateCloudServiceCustomPolicyResponse;
import com.huaweicloud.sdk.iam.v3.model.DeleteCustomPolicyRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCheckDomainPermissionForGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCheckProjectPermissionForGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListDomainPermissionsForGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListPermissionsRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListPermissionsResponse;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListProjectPermissionsForGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneRemoveDomainPermissionFromGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneRemoveProjectPermissionFromGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneShowPermissionRequest;
import com.huaweicloud.sdk.iam.v3.model.RoleResult;
import com.huaweicloud.sdk.iam.v3.model.ServicePolicy;
import com.huaweicloud.sdk.iam.v3.model.ServicePolicyRoleOption;
import com.huaweicloud.sdk.iam.v3.model.ShowCustomPolicyRequest;
import com.huaweicloud.sdk.iam.v3.model.ShowCustomPolicyResponse;
import com.huaweicloud.sdk.iam.v3.model.UpdateCloudServiceCustomPolicyRequest;
import com.huaweicloud.sdk.iam.v3.model.UpdateCloudServiceCustomPolicyRequestBody;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.CheckRomaInstanceListV2Request;
import com.huaweicloud.sdk.roma.v2.model.RomaInstanceCheckListRespInstances;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import dev.romalocal.iam.SystemPolicies;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Policies and grants managed through the IAM SDK, enforced on the ROMA API: a read-only user, Full access with a
 * custom Deny, a grant on the whole account, and custom policies' lifecycle and validation.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class PoliciesTest extends IdentityFixtures {
    static final String V1_CREATE = "{\"name\":\"%s\",\"description\":\"\",\"product_id\":\"00300-30101-0--0\","
            + "\"available_zones\":[\"az1\"],\"vpc_id\":\"vpc-1\",\"subnet_id\":\"subnet-%s\",\"security_group_id\":"
            + "\"sg-1\",\"ipv6_enable\":false,\"enable_all\":true,\"mqs\":{},\"cpu_architecture\":\"x86\"}";
    static final String V3_CREATE = "{\"name\":\"%s\",\"charge_type\":\"postPaid\",\"available_zone_ids\":[\"az1\"],"
            + "\"cpu_arch\":\"x86_64\",\"rcu\":{\"total\":4},\"vpc_id\":\"vpc-1\",\"subnet_id\":\"subnet-%s\"}";

    /** The names of the project's instances (the class makes far fewer than a page). */
    private List<String> instanceNames() {
        com.fasterxml.jackson.databind.JsonNode page = get("/v2/" + PROJECT + "/instances?limit=100").json();
        assertThat(page.get("total").asInt()).as("one page holds them all").isLessThanOrEqualTo(100);
        List<String> names = new java.util.ArrayList<>();
        page.get("instances").forEach(i -> names.add(i.path("name").asText()));
        return names;
    }

    private static void expectDenied(Http.Response r, String action) {
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("APIC.7106");
        assertThat(r.header("X-Roma-Local-Reason")).contains(action);
    }

    @Test
    void aReadOnlyUserReadsAndListsButCreateAndDeleteAreRefusedAndNothingChanges() {
        String id = unique("ro");
        upsertOk(id, "{}");
        Member reader = member("reader");
        grantOnProject(reader.groupId(), systemPolicy("ROMA ReadOnlyAccess"));
        Key key = keyFor(reader.userId());

        RomaClient roma = Sdk.roma(server.endpoint(), key.ak(), key.sk(), PROJECT);
        assertThat(roma.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId(id)).getId())
                .isEqualTo(id);
        assertThat(roma.checkRomaInstanceListV2(new CheckRomaInstanceListV2Request().withLimit(100)).getInstances())
                .extracting(RomaInstanceCheckListRespInstances::getId).contains(id);

        String name = unique("blocked");
        expectDenied(signed(key, "POST", "/v1/" + PROJECT + "/instances", V1_CREATE.formatted(name, name)),
                "roma:instances:create");
        expectDenied(signed(key, "POST", "/v3/" + PROJECT + "/roma/instances", V3_CREATE.formatted(name, name)),
                "roma:instances:create");
        expectDenied(signed(key, "DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, null),
                "roma:instances:delete");
        expectDenied(signed(key, "PUT", "/v2/" + PROJECT + "/apic/instances/" + id, "{\"instance_name\":\"x\"}"),
                "roma:instances:update");
        // The same with the user's password token.
        String token = tokenOf(reader);
        assertThat(http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/" + id, token, null).status())
                .isEqualTo(200);
        expectDenied(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, token, null),
                "roma:instances:delete");
        expectDenied(http.withToken("POST", "/v1/" + PROJECT + "/instances", token, V1_CREATE.formatted(name, name)),
                "roma:instances:create");

        // Nothing was created (an instance deleted by an earlier test may still finish going meanwhile: counting
        // the project's instances raced with it once on PostgreSQL).
        assertThat(instanceNames()).isNotEmpty().allMatch(n -> !n.isEmpty()).doesNotContain(name);
        assertThat(status(id)).isNotNull();
        assertThat(get("/v2/" + PROJECT + "/apic/instances/" + id).json().get("instance_name").asText())
                .isNotEqualTo("x");
    }

    @Test
    void fullAccessWithACustomDenyOfDeleteRefusesDeleteAndAllowsTheRest() {
        Member op = member("operator");
        grantOnProject(op.groupId(), systemPolicy("ROMA FullAccess"));
        String denyName = unique("no-deletes");
        grantOnProject(op.groupId(), customPolicy(denyName, "Deny", List.of("roma:instances:delete")));
        Key key = keyFor(op.userId());

        String name = unique("full");
        Http.Response created = signed(key, "POST", "/v1/" + PROJECT + "/instances", V1_CREATE.formatted(name, name));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String id = created.json().get("instance_id").asText();
        assertThat(signed(key, "GET", "/v2/" + PROJECT + "/apic/instances/" + id, null).status()).isEqualTo(200);
        assertThat(signed(key, "GET", "/v2/" + PROJECT + "/instances", null).status()).isEqualTo(200);
        Http.Response v3 = signed(key, "POST", "/v3/" + PROJECT + "/roma/instances",
                V3_CREATE.formatted(name + "-3", name + "-3"));
        assertThat(v3.status()).as(v3.text()).isNotEqualTo(403);

        Http.Response deleted = signed(key, "DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, null);
        expectDenied(deleted, "roma:instances:delete");
        assertThat(deleted.header("X-Roma-Local-Reason")).contains(denyName);
        assertThat(status(id)).isNotNull();
        expectDenied(http.withToken("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, tokenOf(op), null),
                "roma:instances:delete");
        // The administrator still may.
        assertThat(admin("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, null).status()).isEqualTo(202);
    }

    @Test
    void aGrantOnTheWholeAccountAppliesToItsProjectsFromTheNextRequest() {
        String id = unique("acct");
        upsertOk(id, "{}");
        Member m = member("account-reader");
        Key key = keyFor(m.userId());
        String path = "/v2/" + PROJECT + "/apic/instances/" + id;
        expectDenied(signed(key, "GET", path, null), "roma:instances:get");

        String readOnly = systemPolicy("ROMA ReadOnlyAccess");
        grantOnAccount(m.groupId(), readOnly);
        assertThat(signed(key, "GET", path, null).status()).isEqualTo(200);
        IamClient iam = adminIam();
        assertThat(iam.keystoneListDomainPermissionsForGroup(new KeystoneListDomainPermissionsForGroupRequest()
                .withDomainId(domainId()).withGroupId(m.groupId())).getRoles()).extracting(RoleResult::getId)
                .containsExactly(readOnly);
        assertThat(iam.keystoneListProjectPermissionsForGroup(new KeystoneListProjectPermissionsForGroupRequest()
                .withProjectId(PROJECT).withGroupId(m.groupId())).getRoles()).isEmpty();
        assertThat(iam.keystoneCheckDomainPermissionForGroup(new KeystoneCheckDomainPermissionForGroupRequest()
                .withDomainId(domainId()).withGroupId(m.groupId()).withRoleId(readOnly)).getHttpStatusCode())
                .isEqualTo(204);

        iam.keystoneRemoveDomainPermissionFromGroup(new KeystoneRemoveDomainPermissionFromGroupRequest()
                .withDomainId(domainId()).withGroupId(m.groupId()).withRoleId(readOnly));
        expectDenied(signed(key, "GET", path, null), "roma:instances:get");
        assertThatThrownBy(() -> iam.keystoneCheckDomainPermissionForGroup(
                new KeystoneCheckDomainPermissionForGroupRequest().withDomainId(domainId()).withGroupId(m.groupId())
                        .withRoleId(readOnly))).isInstanceOfSatisfying(ClientRequestException.class,
                e -> assertThat(e.getHttpStatusCode()).isEqualTo(404));
    }

    @Test
    void projectGrantsAreListedCheckedIdempotentAndRevoked() {
        Member m = member("granted");
        String readOnly = systemPolicy("ROMA ReadOnlyAccess");
        IamClient iam = adminIam();
        grantOnProject(m.groupId(), readOnly);
        grantOnProject(m.groupId(), readOnly);
        List<RoleResult> roles = iam.keystoneListProjectPermissionsForGroup(
                new KeystoneListProjectPermissionsForGroupRequest().withProjectId(PROJECT).withGroupId(m.groupId()))
                .getRoles();
        assertThat(roles).extracting(RoleResult::getDisplayName).containsExactly("ROMA ReadOnlyAccess");
        assertThat(roles.get(0).getPolicy().getStatement().get(0).getAction()).contains("roma:*:get");
        assertThat(iam.keystoneCheckProjectPermissionForGroup(new KeystoneCheckProjectPermissionForGroupRequest()
                .withProjectId(PROJECT).withGroupId(m.groupId()).withRoleId(readOnly)).getHttpStatusCode())
                .isEqualTo(204);
        assertThat(iam.keystoneRemoveProjectPermissionFromGroup(new KeystoneRemoveProjectPermissionFromGroupRequest()
                .withProjectId(PROJECT).withGroupId(m.groupId()).withRoleId(readOnly)).getHttpStatusCode())
                .isEqualTo(204);
        assertThatThrownBy(() -> iam.keystoneRemoveProjectPermissionFromGroup(
                new KeystoneRemoveProjectPermissionFromGroupRequest().withProjectId(PROJECT).withGroupId(m.groupId())
                        .withRoleId(readOnly))).isInstanceOfSatisfying(ClientRequestException.class, e -> {
                            assertThat(e.getHttpStatusCode()).isEqualTo(404);
                            assertThat(e.getErrorCode()).isEqualTo("IAM.0004");
                        });
        // Unknown or foreign project, group and role: not found, whatever the reason.
        String other = sql().createAccount(unique("other-account"), unique("otherproject").replace("-", ""),
                "cn-north-4");
        String foreignGroup = sql().createGroup(other, "theirs");
        for (String[] ids : List.of(new String[]{"no-such-project", m.groupId(), readOnly},
                new String[]{PROJECT, "no-such-group", readOnly}, new String[]{PROJECT, foreignGroup, readOnly},
                new String[]{PROJECT, m.groupId(), "no-such-role"})) {
            Http.Response r = admin("PUT", "/v3/projects/" + ids[0] + "/groups/" + ids[1] + "/roles/" + ids[2], null);
            assertThat(r.status()).as(String.join(" ", ids)).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("IAM.0004");
        }
        Http.Response foreignDomain = admin("PUT", "/v3/domains/" + other + "/groups/" + foreignGroup + "/roles/"
                + readOnly, null);
        assertThat(foreignDomain.status()).isEqualTo(404);
    }

    @Test
    void customPoliciesAreCreatedShownListedChangedAndDeletedOnceNoLongerGranted() {
        IamClient iam = adminIam();
        String displayName = unique("instance-readers");
        CreateCloudServiceCustomPolicyResponse created = iam.createCloudServiceCustomPolicy(
                new CreateCloudServiceCustomPolicyRequest().withBody(new CreateCloudServiceCustomPolicyRequestBody()
                        .withRole(new ServicePolicyRoleOption().withDisplayName(displayName).withType("XA")
                                .withDescription("reads instances").withPolicy(new ServicePolicy().withVersion("1.1")
                                        .withStatement(new ArrayList<>(List.of(statement("Allow",
                                                List.of("roma:instances:get")))))))));
        assertThat(created.getHttpStatusCode()).isEqualTo(201);
        var role = created.getRole();
        String id = role.getId();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(role.getName()).startsWith("custom_" + domainId() + "_");
        assertThat(role.getDomainId()).isEqualTo(domainId());
        assertThat(role.getCatalog()).isEqualTo("CUSTOMED");
        assertThat(role.getType()).isEqualTo("XA");
        assertThat(role.getDisplayName()).isEqualTo(displayName);
        assertThat(role.getPolicy().getStatement().get(0).getAction()).containsExactly("roma:instances:get");
        assertThat(role.getLinks().getSelf()).endsWith("/v3/roles/" + id);

        ShowCustomPolicyResponse shown = iam.showCustomPolicy(new ShowCustomPolicyRequest().withRoleId(id));
        assertThat(shown.getRole().getReferences()).isZero();
        assertThat(iam.keystoneShowPermission(new KeystoneShowPermissionRequest().withRoleId(id)).getRole()
                .getDisplayName()).isEqualTo(displayName);

        KeystoneListPermissionsResponse custom = iam.keystoneListPermissions(new KeystoneListPermissionsRequest()
                .withDomainId(domainId()).withDisplayName(displayName));
        assertThat(custom.getRoles()).extracting(RoleResult::getId).containsExactly(id);
        KeystoneListPermissionsResponse system = iam.keystoneListPermissions(new KeystoneListPermissionsRequest());
        assertThat(system.getRoles()).extracting(RoleResult::getId).containsExactlyInAnyOrder(
                SystemPolicies.FULL_ACCESS.id(), SystemPolicies.READ_ONLY.id());
        assertThat(system.getTotalNumber()).isEqualTo(2);
        assertThat(iam.keystoneListPermissions(new KeystoneListPermissionsRequest().withPage(2).withPerPage(1))
                .getRoles()).hasSize(1);
        assertThat(iam.keystoneListPermissions(new KeystoneListPermissionsRequest().withType("project")
                .withPermissionType("policy")).getRoles()).hasSize(2);

        // A user granted it reads but does not list; a change of the policy counts from the next request.
        Member m = member("custom-user");
        grantOnProject(m.groupId(), id);
        Key key = keyFor(m.userId());
        String instance = unique("cp");
        upsertOk(instance, "{}");
        assertThat(signed(key, "GET", "/v2/" + PROJECT + "/apic/instances/" + instance, null).status())
                .isEqualTo(200);
        expectDenied(signed(key, "GET", "/v2/" + PROJECT + "/instances", null), "roma:instances:list");
        String renamed = displayName + "-and-list";
        var updated = iam.updateCloudServiceCustomPolicy(new UpdateCloudServiceCustomPolicyRequest().withRoleId(id)
                .withBody(new UpdateCloudServiceCustomPolicyRequestBody().withRole(new ServicePolicyRoleOption()
                        .withDisplayName(renamed).withType("XA").withDescription("reads and lists")
                        .withPolicy(new ServicePolicy().withVersion("1.1").withStatement(new ArrayList<>(List.of(
                                statement("Allow", List.of("roma:instances:get", "roma:instances:list")))))))));
        assertThat(updated.getRole().getDisplayName()).isEqualTo(renamed);
        assertThat(signed(key, "GET", "/v2/" + PROJECT + "/instances", null).status()).isEqualTo(200);
        assertThat(iam.showCustomPolicy(new ShowCustomPolicyRequest().withRoleId(id)).getRole().getReferences())
                .isEqualTo(1);

        // Granted: kept. Revoked: deleted, and gone.
        Http.Response inUse = admin("DELETE", "/v3.0/OS-ROLE/roles/" + id, null);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorCode()).isEqualTo("ROMALOCAL.4095");
        assertThat(inUse.header("X-Roma-Local-Reason")).contains("granted to 1 group");
        iam.keystoneRemoveProjectPermissionFromGroup(new KeystoneRemoveProjectPermissionFromGroupRequest()
                .withProjectId(PROJECT).withGroupId(m.groupId()).withRoleId(id));
        assertThat(iam.deleteCustomPolicy(new DeleteCustomPolicyRequest().withRoleId(id)).getMessage())
                .isEqualTo("Delete success");
        assertThatThrownBy(() -> iam.showCustomPolicy(new ShowCustomPolicyRequest().withRoleId(id)))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("IAM.0004");
                });
        expectDenied(signed(key, "GET", "/v2/" + PROJECT + "/apic/instances/" + instance, null),
                "roma:instances:get");
    }

    @Test
    void systemPoliciesCannotBeChangedOrDeletedAndNamesAreUnique() {
        String full = SystemPolicies.FULL_ACCESS.id();
        Http.Response delete = admin("DELETE", "/v3.0/OS-ROLE/roles/" + full, null);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.errorCode()).isEqualTo("IAM.0002");
        Http.Response patch = admin("PATCH", "/v3.0/OS-ROLE/roles/" + full, "{\"role\":{\"description\":\"x\"}}");
        assertThat(patch.status()).isEqualTo(403);
        assertThat(admin("GET", "/v3.0/OS-ROLE/roles/" + full, null).status()).isEqualTo(404);
        assertThat(admin("GET", "/v3/roles/" + full, null).json().at("/role/display_name").asText())
                .isEqualTo("ROMA FullAccess");

        String name = unique("twice");
        customPolicy(name, "Allow", List.of("roma:instances:get"));
        for (String taken : List.of(name, "ROMA FullAccess")) {
            Http.Response again = admin("POST", "/v3.0/OS-ROLE/roles", policyBody(taken, "XA",
                    "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:get\"]}]}"));
            assertThat(again.status()).as(taken).isEqualTo(409);
            assertThat(again.errorCode()).isEqualTo("ROMALOCAL.4094");
        }
        // Another account's custom policies are not listed, shown or granted.
        Http.Response others = admin("GET", "/v3/roles?domain_id=someone-else", null);
        assertThat(others.status()).isEqualTo(403);
    }

    static String policyBody(String displayName, String type, String policy) {
        return "{\"role\":{\"display_name\":\"" + displayName + "\",\"type\":\"" + type
                + "\",\"description\":\"d\",\"policy\":" + policy + "}}";
    }

    /** Generated policy documents: each is created (201, then deleted) or refused with 400 IAM.0007, never more. */
    @Test
    void generatedPolicyDocumentsAreCreatedOrRefusedNamingAField() {
        long seed = Long.getLong("roma.policy.seed", java.util.concurrent.ThreadLocalRandom.current().nextLong());
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] versions = {"\"1.1\"", "\"1.1\"", "\"1.1\"", "\"1.0\"", "1.1", "null", "\"\"", "[\"1.1\"]"};
        String[] effects = {"\"Allow\"", "\"Deny\"", "\"allow\"", "\"\"", "1", "null", "[\"Allow\"]"};
        String[] actions = {"\"roma:instances:get\"", "\"roma:*:*\"", "\"*:*:*\"", "\"roma:instances:g*\"",
                "\"roma:instances\"", "\"roma::get\"", "\"ROMA:instances:get\"", "\"roma:inst ances:get\"",
                "\"roma:instances:get:x\"", "\"\"", "\"roma:\u00e9:get\"", "5", "null", "{}",
                "\"" + "a".repeat(65) + ":b:c\"", "\"iam:roles:list\"", "\"roma:instances:get\\u0000\""};
        String[] extras = {"", "", "", ",\"Sid\":\"x\"", ",\"Condition\":{}", ",\"Resource\":[\"*\"]",
                ",\"Effect\":\"Allow\""};
        int created = 0;
        for (int i = 0; i < 150; i++) {
            StringBuilder policy = new StringBuilder("{");
            if (r.nextInt(8) != 0) {
                policy.append("\"Version\":").append(r.nextBoolean() ? "\"1.1\"" : versions[r.nextInt(versions.length)])
                        .append(',');
            }
            policy.append("\"Statement\":");
            switch (r.nextInt(10)) {
                case 0 -> policy.append("[]");
                case 1 -> policy.append("{}");
                case 2 -> policy.append("\"Allow\"");
                default -> {
                    policy.append('[');
                    int statements = 1 + r.nextInt(3);
                    for (int s = 0; s < statements; s++) {
                        String effect = effects[r.nextInt(r.nextBoolean() ? 2 : effects.length)];
                        policy.append(s == 0 ? "" : ",").append("{\"Effect\":").append(effect)
                                .append(",\"Action\":");
                        if (r.nextInt(10) == 0) {
                            policy.append(actions[r.nextInt(actions.length)]);
                        } else {
                            policy.append('[');
                            int n = r.nextInt(4);
                            for (int a = 0; a < n; a++) {
                                policy.append(a == 0 ? "" : ",")
                                        .append(actions[r.nextInt(r.nextInt(3) != 0 ? 4 : actions.length)]);
                            }
                            policy.append(']');
                        }
                        policy.append(r.nextBoolean() ? "" : extras[r.nextInt(extras.length)]).append('}');
                    }
                    policy.append(']');
                }
            }
            policy.append(r.nextInt(12) == 0 ? ",\"Depends\":[]}" : "}");
            if (i == 0) {
                // One document every run creates, whatever the seed.
                policy = new StringBuilder("{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":"
                        + "[\"roma:*:delete\",\"*:*:*\"]}]}");
            }
            String body = policyBody(unique("gen"), r.nextInt(10) == 0 ? "AX" : "XA", policy.toString());
            Http.Response resp = admin("POST", "/v3.0/OS-ROLE/roles", body);
            if (resp.status() == 201) {
                created++;
                String id = resp.json().at("/role/id").asText();
                assertThat(admin("GET", "/v3/roles/" + id, null).status()).as(body).isEqualTo(200);
                assertThat(admin("DELETE", "/v3.0/OS-ROLE/roles/" + id, null).status()).as(body).isEqualTo(200);
            } else {
                assertThat(resp.status()).as("seed %d (-Droma.policy.seed=%d): %s -> %s", seed, seed, body,
                        resp.text()).isEqualTo(400);
                assertThat(resp.errorCode()).isEqualTo("IAM.0007");
                assertThat(resp.json().get("error_msg").asText()).contains("role.policy");
            }
        }
        assertThat(created).as("some generated policies are valid (seed %d)", seed).isPositive();
    }

    @Test
    void invalidPoliciesAreRefusedNamingTheField() {
        String ok = "{\"Effect\":\"Allow\",\"Action\":[\"roma:instances:get\"]}";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"Version\":\"1.0\",\"Statement\":[" + ok + "]}", "role.policy.Version");
        cases.put("{\"Statement\":[" + ok + "]}", "role.policy.Version");
        cases.put("{\"Version\":\"1.1\",\"Statement\":[]}", "role.policy.Statement");
        cases.put("{\"Version\":\"1.1\"}", "role.policy.Statement");
        cases.put("{\"Version\":\"1.1\",\"Statement\":[" + ok + "],\"Extra\":1}", "role.policy.Extra");
        cases.put("{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":[\"a:b:c\"]}]}",
                "role.policy.Statement[0].Effect");
        cases.put("{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[]}]}",
                "role.policy.Statement[0].Action");
        cases.put("{\"Version\":\"1.1\",\"Statement\":[" + ok + ",{\"Effect\":\"Deny\",\"Action\":[\"roma:x\"]}]}",
                "role.policy.Statement[1].Action[0]");
        cases.put("{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:get\"],"
                + "\"Condition\":{\"StringEquals\":{\"a\":[\"b\"]}}}]}", "role.policy.Statement[0].Condition");
        cases.put("{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:get\"],"
                + "\"Resource\":[\"roma:*:*:instance:x\"]}]}", "role.policy.Statement[0].Resource");
        cases.put("\"not an object\"", "role.policy");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Http.Response r = admin("POST", "/v3.0/OS-ROLE/roles", policyBody(unique("bad"), "XA", c.getKey()));
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("IAM.0007");
            assertThat(r.json().get("error_msg").asText()).as(c.getKey()).contains(c.getValue());
        }
        String policy = "{\"Version\":\"1.1\",\"Statement\":[" + ok + "]}";
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("{\"role\":{\"type\":\"XA\",\"description\":\"d\",\"policy\":" + policy + "}}", "role.display_name");
        fields.put(policyBody(unique("t"), "AA", policy), "role.type");
        fields.put("{\"role\":{\"display_name\":\"n\",\"type\":\"XA\",\"policy\":" + policy + "}}", "role.description");
        fields.put("{\"role\":{\"display_name\":\"n\",\"type\":\"XA\",\"description\":\"d\"}}", "role.policy");
        fields.put("{\"role\":{\"display_name\":\"" + "n".repeat(129) + "\",\"type\":\"XA\",\"description\":\"d\","
                + "\"policy\":" + policy + "}}", "role.display_name");
        fields.put("{\"rolle\":{}}", "rolle");
        fields.put("{}", "role");
        for (Map.Entry<String, String> c : fields.entrySet()) {
            Http.Response r = admin("POST", "/v3.0/OS-ROLE/roles", c.getKey());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("IAM.0007");
            assertThat(r.json().get("error_msg").asText()).as(c.getKey()).contains(c.getValue());
        }
        // Queries of the list, too.
        for (String q : List.of("type=sideways", "permission_type=x", "page=1", "per_page=301&page=1",
                "page=0&per_page=1", "page=x&per_page=1")) {
            Http.Response r = admin("GET", "/v3/roles?" + q, null);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("IAM.0007");
        }
        JsonNode noneCreated = admin("GET", "/v3/roles?domain_id=" + domainId(), null).json();
        assertThat(noneCreated.get("roles").findValuesAsText("display_name")).noneMatch(n -> n.startsWith("bad-"));
    }
}
