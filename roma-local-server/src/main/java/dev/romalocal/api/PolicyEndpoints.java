package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.iam.PolicyService;
import dev.romalocal.iam.PolicyStore;
import dev.romalocal.json.Bind;
import dev.romalocal.json.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM policies ("roles" on the wire: the system ones and an account's custom ones) and their grants to groups, on a
 * project or on the whole account, as {@code huaweicloud-sdk-iam} calls them.
 */
final class PolicyEndpoints {
    private final PolicyService policies;

    PolicyEndpoints(PolicyService policies) {
        this.policies = policies;
    }

    // --- policies --------------------------------------------------------------------------------------------

    /** {@code GET /v3/roles}: the system policies, or (with the caller's {@code domain_id}) its custom ones. */
    Reply list(Call call) {
        PolicyService.RolePage page = policies.list(call.principal(), new PolicyService.RoleQuery(call.query("name"),
                call.query("domain_id"), call.query("page"), call.query("per_page"), call.query("permission_type"),
                call.query("display_name"), call.query("type"), call.query("catalog")));
        List<RoleView> roles = page.roles().stream().map(r -> RoleView.of(r, call.baseUrl(), null)).toList();
        return Reply.ok(new RoleList(links(call.baseUrl() + "/v3/roles"), roles, page.total()));
    }

    /** {@code GET /v3/roles/{role_id}}. */
    Reply show(Call call) {
        return Reply.ok(new RoleEnvelope(RoleView.of(policies.show(call.principal(), call.pathParam("role_id")),
                call.baseUrl(), null)));
    }

    /** {@code POST /v3.0/OS-ROLE/roles}: 201 with the custom policy. */
    Reply createCustom(Call call) {
        PolicyStore.RoleRow role = policies.create(call.principal(),
                Bind.body(call.json(), PolicyService.CreateRole.class).role());
        return Reply.json(201, new RoleEnvelope(RoleView.of(role, call.baseUrl(), null)));
    }

    /** {@code GET /v3.0/OS-ROLE/roles/{role_id}}: with {@code references}, the number of its grants. */
    Reply showCustom(Call call) {
        PolicyService.Shown shown = policies.showCustom(call.principal(), call.pathParam("role_id"));
        return Reply.ok(new RoleEnvelope(RoleView.of(shown.role(), call.baseUrl(), shown.references())));
    }

    /** {@code PATCH /v3.0/OS-ROLE/roles/{role_id}}. */
    Reply updateCustom(Call call) {
        PolicyStore.RoleRow role = policies.update(call.principal(), call.pathParam("role_id"),
                Bind.body(call.json(), PolicyService.UpdateRole.class).role());
        return Reply.ok(new RoleEnvelope(RoleView.of(role, call.baseUrl(), null)));
    }

    /** {@code DELETE /v3.0/OS-ROLE/roles/{role_id}}: 200 {@code {"message": "Delete success"}} as IAM answers. */
    Reply deleteCustom(Call call) {
        policies.delete(call.principal(), call.pathParam("role_id"));
        return Reply.ok(Map.of("message", "Delete success"));
    }

    // --- grants ----------------------------------------------------------------------------------------------

    Reply grantOnProject(Call call) {
        policies.grant(call.principal(), PolicyService.Scope.PROJECT, call.pathParam("project_id"),
                call.pathParam("group_id"), call.pathParam("role_id"));
        return Reply.empty(204);
    }

    Reply revokeOnProject(Call call) {
        policies.revoke(call.principal(), PolicyService.Scope.PROJECT, call.pathParam("project_id"),
                call.pathParam("group_id"), call.pathParam("role_id"));
        return Reply.empty(204);
    }

    Reply checkOnProject(Call call) {
        policies.check(call.principal(), PolicyService.Scope.PROJECT, call.pathParam("project_id"),
                call.pathParam("group_id"), call.pathParam("role_id"));
        return Reply.empty(204);
    }

    Reply listOnProject(Call call) {
        String self = call.baseUrl() + "/v3/projects/" + call.pathParam("project_id") + "/groups/"
                + call.pathParam("group_id") + "/roles";
        return granted(call, policies.granted(call.principal(), PolicyService.Scope.PROJECT,
                call.pathParam("project_id"), call.pathParam("group_id")), self);
    }

    Reply grantOnDomain(Call call) {
        policies.grant(call.principal(), PolicyService.Scope.DOMAIN, call.pathParam("domain_id"),
                call.pathParam("group_id"), call.pathParam("role_id"));
        return Reply.empty(204);
    }

    Reply revokeOnDomain(Call call) {
        policies.revoke(call.principal(), PolicyService.Scope.DOMAIN, call.pathParam("domain_id"),
                call.pathParam("group_id"), call.pathParam("role_id"));
        return Reply.empty(204);
    }

    Reply checkOnDomain(Call call) {
        policies.check(call.principal(), PolicyService.Scope.DOMAIN, call.pathParam("domain_id"),
                call.pathParam("group_id"), call.pathParam("role_id"));
        return Reply.empty(204);
    }

    Reply listOnDomain(Call call) {
        String self = call.baseUrl() + "/v3/domains/" + call.pathParam("domain_id") + "/groups/"
                + call.pathParam("group_id") + "/roles";
        return granted(call, policies.granted(call.principal(), PolicyService.Scope.DOMAIN,
                call.pathParam("domain_id"), call.pathParam("group_id")), self);
    }

    private static Reply granted(Call call, List<PolicyStore.RoleRow> rows, String self) {
        List<RoleView> roles = rows.stream().map(r -> RoleView.of(r, call.baseUrl(), null)).toList();
        return Reply.ok(new GrantedList(links(self), roles));
    }

    private static Map<String, String> links(String self) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("previous", null);
        links.put("next", null);
        return links;
    }

    // --- views (the SDK's RoleResult, ServicePolicyRoleResult, ShowPolicyRoleResult) ---------------------------

    record RoleList(@JsonProperty("links") Map<String, String> links, @JsonProperty("roles") List<RoleView> roles,
                    @JsonProperty("total_number") int totalNumber) {
    }

    record GrantedList(@JsonProperty("links") Map<String, String> links,
                       @JsonProperty("roles") List<RoleView> roles) {
    }

    record RoleEnvelope(@JsonProperty("role") RoleView role) {
    }

    /**
     * A policy as IAM shows it. {@code created_time} and {@code updated_time} are epoch milliseconds as strings, as
     * IAM's examples show them (ROMA Local keeps no update time: both are the creation time).
     */
    record RoleView(@JsonProperty("id") String id, @JsonProperty("name") String name,
                    @JsonProperty("display_name") String displayName, @JsonProperty("domain_id") String domainId,
                    @JsonProperty("type") String type, @JsonProperty("catalog") String catalog,
                    @JsonProperty("description") String description, @JsonProperty("flag") String flag,
                    @JsonProperty("policy") JsonNode policy, @JsonProperty("links") Map<String, String> links,
                    @JsonProperty("references") Integer references,
                    @JsonProperty("created_time") String createdTime,
                    @JsonProperty("updated_time") String updatedTime) {
        static RoleView of(PolicyStore.RoleRow r, String baseUrl, Integer references) {
            JsonNode policy;
            try {
                policy = Json.WIRE.readTree(r.policy());
            } catch (Exception e) {
                policy = null; // stored policies were validated when written
            }
            String time = String.valueOf(r.createdAt());
            return new RoleView(r.id(), r.name(), r.displayName(), r.domainId(), r.type(), r.catalog(),
                    r.description(), r.system() ? "fine_grained" : null, policy,
                    Map.of("self", baseUrl + "/v3/roles/" + r.id()), references, time, time);
        }
    }
}
