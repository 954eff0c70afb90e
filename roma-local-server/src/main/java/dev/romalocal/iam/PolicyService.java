package dev.romalocal.iam;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.Json;
import dev.romalocal.json.OneOf;
import dev.romalocal.json.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Policies ("roles" on IAM's wire) and their grants to groups, as Huawei Cloud IAM manages them: the system
 * policies every account can grant, an account's custom policies in IAM's policy language, and grants of either to
 * a group of the account on one of its projects or on the whole account. Every change takes effect on the next
 * request on every node (the stores publish {@code IDENTITY}, which clears the permission cache).
 *
 * <p>Who may call is decided by the route (an action on the caller's own account); this class keeps accounts apart:
 * a group, project, account or custom policy of another account is answered as not found.
 */
public final class PolicyService {
    /** Custom policies per account (IAM's documented quota). */
    public static final int MAX_CUSTOM_POLICIES = 200;
    /** The longest policy document stored, in characters (the column's width). */
    static final int MAX_POLICY_CHARS = 20_000;
    static final int MAX_DISPLAY_NAME = 128;
    static final int MAX_DESCRIPTION = 1_000;
    static final String CUSTOM_CATALOG = "CUSTOMED";

    /** Where a grant applies: one project, or every project of the account. */
    public enum Scope { PROJECT, DOMAIN }

    /** The query of {@code GET /v3/roles}, as sent (validated here). */
    public record RoleQuery(String name, String domainId, String page, String perPage, String permissionType,
                            String displayName, String type, String catalog) {
    }

    /** One page of policies and how many matched in all. */
    public record RolePage(List<PolicyStore.RoleRow> roles, int total) {
    }

    /** A policy and how many grants it has. */
    public record Shown(PolicyStore.RoleRow role, int references) {
    }

    private static final String TYPE = "must be AX (account level) or XA (project level)";
    private static final String POLICY = "IAM's policy language: {\"Version\": \"1.1\", \"Statement\": [{\"Effect\": "
            + "\"Allow\" | \"Deny\", \"Action\": [\"service:resource:verb\", ...]}]}; 1 to 64 statements of 1 to 256 "
            + "actions (letters, digits or * per part); Condition and Resource are refused; at most 20,000 characters "
            + "as compact JSON";

    /** {@code POST /v3.0/OS-ROLE/roles} (CreateCloudServiceCustomPolicy): {@code {"role": {...}}}. */
    public record CreateRole(@NotNull @Valid NewRole role) {
    }

    /** The SDK's {@code ServicePolicyRoleOption}. */
    @JsonClassDescription("The display name is not one of the account's other policies' nor a system policy's "
            + "(else 409 ROMALOCAL.4094).")
    public record NewRole(@NotEmpty @Text(max = MAX_DISPLAY_NAME, blank = false) String displayName,
                          @NotEmpty @OneOf(value = {"AX", "XA"}, message = TYPE) String type,
                          @NotNull @Text(max = MAX_DESCRIPTION) String description,
                          @JsonPropertyDescription("accepted, not kept")
                          @Size(max = MAX_DESCRIPTION, message = "at most {max} characters") String descriptionCn,
                          @NotNull @JsonPropertyDescription(POLICY) ObjectNode policy) {
    }

    /** {@code PATCH /v3.0/OS-ROLE/roles/{role_id}} (UpdateCloudServiceCustomPolicy): the fields given replace. */
    public record UpdateRole(@NotNull @Valid ChangedRole role) {
    }

    /** The SDK's {@code UpdateCloudServiceCustomPolicyRequestBody.role}: any of the fields. */
    @JsonClassDescription("A new display name is not another policy's (else 409 ROMALOCAL.4094).")
    public record ChangedRole(@Text(max = MAX_DISPLAY_NAME, blank = false) String displayName,
                              @OneOf(value = {"AX", "XA"}, message = TYPE) String type,
                              @Text(max = MAX_DESCRIPTION) String description,
                              @JsonPropertyDescription("accepted, not kept")
                              @Size(max = MAX_DESCRIPTION, message = "at most {max} characters") String descriptionCn,
                              @JsonPropertyDescription(POLICY) ObjectNode policy) {
    }

    private final PolicyStore store;
    private final Clock clock;

    public PolicyService(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    // --- policies --------------------------------------------------------------------------------------------

    /**
     * {@code GET /v3/roles}: without {@code domain_id}, the system policies; with the caller's account id, the
     * account's custom policies (as IAM answers). The other parameters filter; {@code page} and {@code per_page}
     * (given together) page.
     */
    public RolePage list(Principal p, RoleQuery q) {
        if (q.domainId() != null && !q.domainId().equals(p.domainId())) {
            throw new ApiException(ErrorCode.NO_PERMISSION).reason("domain_id " + q.domainId() + " is not the "
                    + "account of user '" + p.userName() + "' (" + p.domainId() + "): an account lists only its own "
                    + "custom policies");
        }
        Set<String> types = types(q.type());
        if (q.permissionType() != null && !q.permissionType().equals("policy") && !q.permissionType().equals("role")) {
            throw new InvalidParameterException("permission_type", "must be policy or role");
        }
        Integer page = positive("page", q.page(), Integer.MAX_VALUE);
        Integer perPage = positive("per_page", q.perPage(), 300);
        if ((page == null) != (perPage == null)) {
            throw new InvalidParameterException(page == null ? "page" : "per_page",
                    "page and per_page are given together");
        }
        List<PolicyStore.RoleRow> all = store.inTransaction(h -> store.roles(h, q.domainId()));
        List<PolicyStore.RoleRow> matching = new ArrayList<>();
        for (PolicyStore.RoleRow r : all) {
            if ((q.name() == null || q.name().equals(r.name()))
                    && (q.displayName() == null || q.displayName().equals(r.displayName()))
                    && (q.catalog() == null || q.catalog().equals(r.catalog()))
                    && (types == null || types.contains(r.type()))
                    // every policy here is fine-grained (version 1.1): none is a version-1.0 "role"
                    && !"role".equals(q.permissionType())) {
                matching.add(r);
            }
        }
        if (page == null) {
            return new RolePage(List.copyOf(matching), matching.size());
        }
        long from = (long) (page - 1) * perPage;
        List<PolicyStore.RoleRow> slice = from >= matching.size() ? List.of()
                : matching.subList((int) from, (int) Math.min(matching.size(), from + perPage));
        return new RolePage(List.copyOf(slice), matching.size());
    }

    /**
     * The display modes a {@code type} filter selects: {@code domain} (account level: AX, AA), {@code project}
     * (XA, AA), {@code all} (AA); a mode itself (AX, XA, AA) selects just it. Null: no filter.
     */
    private static Set<String> types(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "domain" -> Set.of("AX", "AA");
            case "project" -> Set.of("XA", "AA");
            case "all" -> Set.of("AA");
            case "AX", "XA", "AA" -> Set.of(type);
            default -> throw new InvalidParameterException("type", "must be domain, project or all");
        };
    }

    private static Integer positive(String name, String value, int max) {
        if (value == null) {
            return null;
        }
        try {
            int v = Integer.parseInt(value);
            if (v >= 1 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidParameterException(name, "must be an integer from 1 to " + max);
    }

    /** {@code GET /v3/roles/{role_id}}: a system policy or one of the caller's account's. */
    public PolicyStore.RoleRow show(Principal p, String roleId) {
        return store.inTransaction(h -> visibleRole(h, p, roleId));
    }

    /** {@code GET /v3.0/OS-ROLE/roles/{role_id}}: one of the caller's account's custom policies. */
    public Shown showCustom(Principal p, String roleId) {
        return store.inTransaction(h -> {
            PolicyStore.RoleRow role = ownCustom(h, p, roleId, "read");
            return new Shown(role, store.grantCount(h, roleId));
        });
    }

    /** {@code POST /v3.0/OS-ROLE/roles}: a custom policy of the caller's account. */
    public PolicyStore.RoleRow create(Principal p, NewRole role) {
        String policy = policyText(role.policy());
        return store.inTransaction(h -> {
            store.lockDomain(h, p.domainId());
            List<PolicyStore.RoleRow> custom = store.roles(h, p.domainId());
            if (custom.size() >= MAX_CUSTOM_POLICIES) {
                throw new ApiException(ErrorCode.IAM_QUOTA, "an account has at most " + MAX_CUSTOM_POLICIES
                        + " custom policies").reason("account '" + p.domainName() + "' has " + custom.size()
                        + " custom policies; delete one first");
            }
            requireFreeName(h, p, role.displayName(), null);
            int number = 0;
            String prefix = "custom_" + p.domainId() + "_";
            for (PolicyStore.RoleRow r : custom) {
                if (r.name().startsWith(prefix)) {
                    try {
                        number = Math.max(number, Integer.parseInt(r.name().substring(prefix.length())) + 1);
                    } catch (NumberFormatException e) {
                        // not one of ours: skipped
                    }
                }
            }
            PolicyStore.RoleRow row = new PolicyStore.RoleRow(IamService.randomHexId(), p.domainId(),
                    prefix + number, role.displayName(), role.type(), CUSTOM_CATALOG, role.description(), policy,
                    clock.millis());
            store.insertRole(h, row);
            return row;
        });
    }

    /** {@code PATCH /v3.0/OS-ROLE/roles/{role_id}}: replaces the fields given. */
    public PolicyStore.RoleRow update(Principal p, String roleId, ChangedRole role) {
        String displayName = role.displayName();
        String policy = role.policy() == null ? null : policyText(role.policy());
        return store.inTransaction(h -> {
            store.lockDomain(h, p.domainId());
            PolicyStore.RoleRow old = ownCustom(h, p, roleId, "change");
            if (displayName != null) {
                requireFreeName(h, p, displayName, roleId);
            }
            PolicyStore.RoleRow row = new PolicyStore.RoleRow(old.id(), old.domainId(), old.name(),
                    displayName != null ? displayName : old.displayName(),
                    role.type() != null ? role.type() : old.type(), old.catalog(),
                    role.description() != null ? role.description() : old.description(),
                    policy != null ? policy : old.policy(), old.createdAt());
            store.updateRole(h, row);
            return row;
        });
    }

    /** {@code DELETE /v3.0/OS-ROLE/roles/{role_id}}: refused while the policy is granted (revoke its grants first). */
    public void delete(Principal p, String roleId) {
        store.inTransaction(h -> {
            PolicyStore.RoleRow role = ownCustom(h, p, roleId, "delete");
            int groups = store.grantedGroups(h, roleId);
            if (groups > 0) {
                throw new ApiException(ErrorCode.IAM_POLICY_IN_USE, groups).reason("custom policy '"
                        + role.displayName() + "' (" + roleId + ") is granted to " + groups + " group(s); IAM keeps "
                        + "a granted policy: remove its grants (DELETE .../groups/{group_id}/roles/" + roleId
                        + ") first");
            }
            store.deleteRole(h, role);
            return null;
        });
    }

    private void requireFreeName(Handle h, Principal p, String displayName, String exceptId) {
        for (List<PolicyStore.RoleRow> rows : List.of(store.roles(h, null), store.roles(h, p.domainId()))) {
            for (PolicyStore.RoleRow r : rows) {
                if (r.displayName().equals(displayName) && !r.id().equals(exceptId)) {
                    throw new ApiException(ErrorCode.IAM_POLICY_NAME_TAKEN, displayName).reason("policy " + r.id()
                            + (r.system() ? " (a system policy)" : "") + " already has the display name '"
                            + displayName + "'");
                }
            }
        }
    }

    /** A system policy or one of the caller's account's; anything else is not found. */
    private PolicyStore.RoleRow visibleRole(Handle h, Principal p, String roleId) {
        requirePlausible("role", roleId);
        return store.role(h, roleId).filter(r -> r.system() || r.domainId().equals(p.domainId()))
                .orElseThrow(() -> notFound("role", roleId, "no system policy or custom policy of account '"
                        + p.domainName() + "' has this id"));
    }

    /** One of the caller's account's custom policies; a system policy cannot be changed or deleted. */
    private PolicyStore.RoleRow ownCustom(Handle h, Principal p, String roleId, String verb) {
        PolicyStore.RoleRow role = visibleRole(h, p, roleId);
        if (role.system()) {
            if (verb.equals("read")) {
                throw notFound("role", roleId, "'" + role.displayName() + "' is a system policy, not a custom one "
                        + "(GET /v3/roles/" + roleId + " shows it)");
            }
            throw new ApiException(ErrorCode.IAM_FORBIDDEN).reason("'" + role.displayName()
                    + "' is a system policy: it cannot be changed or deleted");
        }
        return role;
    }

    /** The policy document, validated, as the JSON text stored (the shape the caller sent). */
    private static String policyText(ObjectNode policy) {
        PolicyDocument.parse(policy, "role.policy");
        String text;
        try {
            text = Json.WIRE.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("role.policy", "cannot be stored");
        }
        if (text.length() > MAX_POLICY_CHARS) {
            throw new InvalidParameterException("role.policy", "at most " + MAX_POLICY_CHARS
                    + " characters as compact JSON");
        }
        return text;
    }

    // --- grants ----------------------------------------------------------------------------------------------

    /** Grants a policy to a group on a project or on the whole account (again: nothing changes). */
    public void grant(Principal p, Scope scope, String scopeId, String groupId, String roleId) {
        store.inTransaction(h -> {
            Target t = target(h, p, scope, scopeId, groupId);
            visibleRole(h, p, roleId);
            store.grant(h, p.domainId(), t.group().id(), roleId, scopeId, scope == Scope.DOMAIN);
            return null;
        });
    }

    /** Removes a grant; 404 when there is none. */
    public void revoke(Principal p, Scope scope, String scopeId, String groupId, String roleId) {
        store.inTransaction(h -> {
            Target t = target(h, p, scope, scopeId, groupId);
            visibleRole(h, p, roleId);
            if (!store.revoke(h, p.domainId(), t.group().id(), roleId, scopeId, scope == Scope.DOMAIN)) {
                throw notFound("role assignment", roleId, "policy " + roleId + " is not granted to group '"
                        + t.group().name() + "' on " + scopeName(scope, scopeId));
            }
            return null;
        });
    }

    /** Whether a policy is granted to a group on the scope; 404 when it is not. */
    public void check(Principal p, Scope scope, String scopeId, String groupId, String roleId) {
        store.inTransaction(h -> {
            Target t = target(h, p, scope, scopeId, groupId);
            visibleRole(h, p, roleId);
            if (!store.hasGrant(h, t.group().id(), roleId, scopeId, scope == Scope.DOMAIN)) {
                throw notFound("role assignment", roleId, "policy " + roleId + " is not granted to group '"
                        + t.group().name() + "' on " + scopeName(scope, scopeId));
            }
            return null;
        });
    }

    /** The policies granted to a group on the scope. */
    public List<PolicyStore.RoleRow> granted(Principal p, Scope scope, String scopeId, String groupId) {
        return store.inTransaction(h -> {
            Target t = target(h, p, scope, scopeId, groupId);
            return store.granted(h, t.group().id(), scopeId, scope == Scope.DOMAIN);
        });
    }

    private record Target(PolicyStore.GroupRow group) {
    }

    /** The scope and group of a grant, both of the caller's account (else not found). */
    private Target target(Handle h, Principal p, Scope scope, String scopeId, String groupId) {
        requirePlausible(scope == Scope.PROJECT ? "project" : "domain", scopeId);
        requirePlausible("group", groupId);
        if (scope == Scope.PROJECT) {
            PolicyStore.ProjectRef project = store.project(h, scopeId).orElse(null);
            if (project == null || !project.domainId().equals(p.domainId())) {
                throw notFound("project", scopeId, project == null ? "no such project"
                        : "the project belongs to another account than '" + p.domainName() + "'");
            }
        } else if (!scopeId.equals(p.domainId())) {
            throw notFound("domain", scopeId, "the caller's account '" + p.domainName() + "' has id "
                    + p.domainId());
        }
        PolicyStore.GroupRow group = store.group(h, groupId).orElse(null);
        if (group == null || !group.domainId().equals(p.domainId())) {
            throw notFound("group", groupId, group == null ? "no such group"
                    : "the group belongs to another account than '" + p.domainName() + "'");
        }
        return new Target(group);
    }

    private static String scopeName(Scope scope, String scopeId) {
        return scope == Scope.PROJECT ? "project " + scopeId : "the whole account";
    }

    /**
     * Ids are printable ASCII without spaces, at most 128 characters: anything else names nothing (and is never sent
     * to the store: PostgreSQL refuses a NUL in a string outright).
     */
    static void requirePlausible(String what, String id) {
        boolean ok = id != null && !id.isEmpty() && id.length() <= 128;
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = c > 0x20 && c < 0x7f;
        }
        if (!ok) {
            throw notFound(what, id == null ? "" : id.length() > 128 ? id.substring(0, 128) + "..." : id,
                    "not a valid id (printable ASCII without spaces, at most 128 characters)");
        }
    }

    static ApiException notFound(String what, String id, String why) {
        return new ApiException(ErrorCode.IAM_NOT_FOUND, what, id).reason(why);
    }
}
