package dev.romalocal.api;

import dev.romalocal.iam.KeyService;

import java.util.ArrayList;
import java.util.List;

/**
 * The operation table: every route of the API, declared once. Adding a route is one declaration here plus one
 * handler method (and its tests); routing, authentication, request faults, the OpenAPI document and the README's
 * coverage table all read this list. Order matters only for speed: the founding GET comes first.
 */
final class Routes {
    /** Token requests carry a password and little else. */
    private static final int TOKEN_BODY_LIMIT = 64 * 1024;
    /** Bulk seeding streams its body to a temporary file, up to this size. */
    static final int SEED_BODY_LIMIT = 64 * 1024 * 1024;

    private static final String INSTANCE = "/v2/{project_id}/apic/instances/{instance_id}";
    private static final String CONTROL_INSTANCE = "/_roma_local/projects/{project_id}/instances/{instance_id}";
    private static final String CUSTOM_ROLE = "/v3.0/OS-ROLE/roles/{role_id}";
    private static final String PROJECT_GRANTS = "/v3/projects/{project_id}/groups/{group_id}/roles";
    private static final String DOMAIN_GRANTS = "/v3/domains/{domain_id}/groups/{group_id}/roles";
    private static final String CREDENTIALS = "/v3.0/OS-CREDENTIAL/credentials";
    /** Policy documents are at most 20,000 characters; a custom-policy body is small. */
    private static final int POLICY_BODY_LIMIT = 64 * 1024;
    /** Grants take no body; the SDK may still send an empty one. */
    private static final int EMPTY_BODY_LIMIT = 1024;
    private static final int KEY_BODY_LIMIT = 16 * 1024;

    private Routes() {
    }

    static List<Route> all(InstanceEndpoints instances, LifecycleEndpoints lifecycle, IamEndpoints iam,
                           PolicyEndpoints policies, KeyEndpoints keys, ControlEndpoints control,
                           AuditEndpoints audit, int bodyLimit) {
        List<Route> r = new ArrayList<>();
        // ROMA Connect: APIC (service integration) views, and the update extension.
        r.add(Route.get(INSTANCE, "ShowDetailsOfInstanceV2").summary("instance details")
                .family(ErrorFamily.APIC).project("roma:instances:get").memoryFirst()
                .handler(instances::apicDetail));
        r.add(Route.put(INSTANCE, "UpdateInstanceV2").extension()
                .summary("update name, description, maintenance window, security group (after APIG's UpdateInstanceV2)")
                .family(ErrorFamily.APIC).project("roma:instances:update").handler(lifecycle::update));
        r.add(Route.get(INSTANCE + "/restriction", "ShowRestrictionOfInstanceV2").summary("restricted CIDRs")
                .family(ErrorFamily.APIC).project("roma:instances:get").handler(instances::restriction));
        // ROMA Connect: public-resource (platform) APIs.
        r.add(Route.get("/v2/{project_id}/instances", "CheckRomaInstanceListV2")
                .summary("platform list (`status`, `offset`, `limit`, `id`)").family(ErrorFamily.ROMA)
                .project("roma:instances:list").query("status", "offset", "limit", "id").memoryFirst()
                .handler(instances::platformList));
        r.add(Route.get("/v2/{project_id}/instances/{instance_id}", "ShowRomaInstance")
                .summary("platform detail (RomaInstance, HuaweiCloudStack read)").family(ErrorFamily.ROMA)
                .project("roma:instances:get").handler(instances::platformDetail));
        r.add(Route.get("/v2/{project_id}/instances/{instance_id}/process", "GetCreateInstanceProcessV2")
                .summary("creation progress").family(ErrorFamily.ROMA).project("roma:instances:get")
                .handler(lifecycle::progress));
        r.add(Route.post("/v3/{project_id}/roma/instances", "CreateRomaInstanceV3").summary("create")
                .family(ErrorFamily.ROMA).project("roma:instances:create").handler(lifecycle::createV3));
        r.add(Route.post("/v1/{project_id}/instances", "CreateRomaInstanceV1").summary("create (HuaweiCloudStack)")
                .family(ErrorFamily.ROMA).project("roma:instances:create").handler(lifecycle::createV1));
        r.add(Route.delete("/v1/{project_id}/roma/instances/{instance_id}", "DeleteRomaInstanceV1")
                .summary("delete (HuaweiCloudStack), 202").status(202).family(ErrorFamily.ROMA)
                .project("roma:instances:delete").handler(lifecycle::deleteV1));
        // IAM (Keystone-style).
        r.add(Route.post("/v3/auth/tokens", "KeystoneCreateUserTokenByPassword")
                .summary("password token, project/domain scope, `?nocatalog`").status(201).family(ErrorFamily.IAM)
                .open().query("nocatalog").body(TOKEN_BODY_LIMIT).handler(iam::createToken));
        r.add(Route.get("/v3/auth/tokens", "KeystoneValidateToken").summary("validate the `X-Subject-Token`")
                .family(ErrorFamily.IAM).authenticated("iam:tokens:validate").query("nocatalog")
                .handler(iam::validateToken));
        r.add(Route.delete("/v3/auth/tokens", "KeystoneRevokeToken").summary("revoke the `X-Subject-Token`")
                .status(204).family(ErrorFamily.IAM).authenticated("iam:tokens:revoke")
                .handler(iam::revokeToken));
        r.add(Route.get("/v3/projects", "KeystoneListProjects").summary("the SDK's project-id discovery")
                .family(ErrorFamily.IAM).authenticated("iam:projects:list").query("name")
                .handler(iam::projects));
        // IAM: policies, grants, access keys.
        r.add(Route.get("/v3/roles", "KeystoneListPermissions")
                .summary("system policies; with the caller's `domain_id`, its custom ones (`display_name`, `type`, "
                        + "`name`, `catalog`, `permission_type`, `page`, `per_page`)")
                .family(ErrorFamily.IAM).account("iam:roles:list")
                .query("name", "domain_id", "page", "per_page", "permission_type", "display_name", "type", "catalog")
                .handler(policies::list));
        r.add(Route.get("/v3/roles/{role_id}", "KeystoneShowPermission")
                .summary("a system policy or one of the account's custom policies").family(ErrorFamily.IAM)
                .account("iam:roles:get").handler(policies::show));
        r.add(Route.post("/v3.0/OS-ROLE/roles", "CreateCloudServiceCustomPolicy")
                .summary("create a custom policy (IAM policy language), 201").status(201).family(ErrorFamily.IAM)
                .account("iam:roles:create").body(POLICY_BODY_LIMIT).handler(policies::createCustom));
        r.add(Route.get(CUSTOM_ROLE, "ShowCustomPolicy").summary("a custom policy, with its number of grants")
                .family(ErrorFamily.IAM).account("iam:roles:get").handler(policies::showCustom));
        r.add(Route.patch(CUSTOM_ROLE, "UpdateCloudServiceCustomPolicy")
                .summary("change a custom policy (takes effect on the next request)").family(ErrorFamily.IAM)
                .account("iam:roles:update").body(POLICY_BODY_LIMIT).handler(policies::updateCustom));
        r.add(Route.delete(CUSTOM_ROLE, "DeleteCustomPolicy")
                .summary("delete a custom policy (refused while granted)").family(ErrorFamily.IAM)
                .account("iam:roles:delete").handler(policies::deleteCustom));
        r.add(Route.get(PROJECT_GRANTS, "KeystoneListProjectPermissionsForGroup")
                .summary("policies granted to a group on a project").family(ErrorFamily.IAM)
                .account("iam:permissions:list").handler(policies::listOnProject));
        r.add(Route.put(PROJECT_GRANTS + "/{role_id}", "KeystoneAssociateGroupWithProjectPermission")
                .summary("grant a policy to a group on a project, 204").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:grant").body(EMPTY_BODY_LIMIT).handler(policies::grantOnProject));
        r.add(Route.delete(PROJECT_GRANTS + "/{role_id}", "KeystoneRemoveProjectPermissionFromGroup")
                .summary("remove a grant on a project, 204").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:revoke").handler(policies::revokeOnProject));
        r.add(Route.head(PROJECT_GRANTS + "/{role_id}", "KeystoneCheckProjectPermissionForGroup")
                .summary("204 when granted on the project, else 404").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:check").handler(policies::checkOnProject));
        r.add(Route.get(DOMAIN_GRANTS, "KeystoneListDomainPermissionsForGroup")
                .summary("policies granted to a group on the whole account").family(ErrorFamily.IAM)
                .account("iam:permissions:list").handler(policies::listOnDomain));
        r.add(Route.put(DOMAIN_GRANTS + "/{role_id}", "KeystoneAssociateGroupWithDomainPermission")
                .summary("grant a policy to a group on the whole account (every project of it), 204").status(204)
                .family(ErrorFamily.IAM).account("iam:permissions:grant").body(EMPTY_BODY_LIMIT)
                .handler(policies::grantOnDomain));
        r.add(Route.delete(DOMAIN_GRANTS + "/{role_id}", "KeystoneRemoveDomainPermissionFromGroup")
                .summary("remove a grant on the whole account, 204").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:revoke").handler(policies::revokeOnDomain));
        r.add(Route.head(DOMAIN_GRANTS + "/{role_id}", "KeystoneCheckDomainPermissionForGroup")
                .summary("204 when granted on the whole account, else 404").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:check").handler(policies::checkOnDomain));
        r.add(Route.post(CREDENTIALS, "CreatePermanentAccessKey")
                .summary("a permanent access key for oneself (admins: any user of the account), 201, the secret "
                        + "shown once").status(201).family(ErrorFamily.IAM).authenticated(KeyService.CREATE)
                .body(KEY_BODY_LIMIT).handler(keys::create));
        r.add(Route.get(CREDENTIALS, "ListPermanentAccessKeys").summary("one's permanent access keys (`user_id`)")
                .family(ErrorFamily.IAM).authenticated(KeyService.LIST).query("user_id").handler(keys::list));
        r.add(Route.get(CREDENTIALS + "/{access_key}", "ShowPermanentAccessKey").summary("a permanent access key")
                .family(ErrorFamily.IAM).authenticated(KeyService.GET).handler(keys::show));
        r.add(Route.put(CREDENTIALS + "/{access_key}", "UpdatePermanentAccessKey")
                .summary("activate or deactivate an access key, change its description").family(ErrorFamily.IAM)
                .authenticated(KeyService.UPDATE).body(KEY_BODY_LIMIT).handler(keys::update));
        r.add(Route.delete(CREDENTIALS + "/{access_key}", "DeletePermanentAccessKey")
                .summary("delete an access key, 204").status(204).family(ErrorFamily.IAM)
                .authenticated(KeyService.DELETE).handler(keys::delete));
        r.add(Route.post("/v3.0/OS-CREDENTIAL/securitytokens", "CreateTemporaryAccessKeyByToken")
                .summary("a temporary access key and security token (token method, 900 s to 24 h), 201")
                .status(201).family(ErrorFamily.IAM).authenticated(KeyService.CREATE_TEMPORARY)
                .body(KEY_BODY_LIMIT).handler(keys::createTemporary));
        // The emulator's control API.
        r.add(Route.get("/_roma_local/health", "Health").extension().summary("liveness, no credentials").open()
                .handler(control::health));
        r.add(Route.get("/_roma_local/openapi.json", "OpenApiDocument").extension()
                .summary("this table as an OpenAPI 3.1 document, no credentials").open()
                .handler(control::openApi));
        r.add(Route.put(CONTROL_INSTANCE, "UpsertInstance").extension()
                .summary("create (201) or replace (200) an instance from an APIC-detail document")
                .project("romalocal:instances:put").handler(control::upsert));
        r.add(Route.delete(CONTROL_INSTANCE, "RemoveInstance").extension().summary("remove an instance at once (204)")
                .status(204).project("romalocal:instances:remove").handler(control::delete));
        r.add(Route.post(CONTROL_INSTANCE + "/actions", "ActOnInstance").extension()
                .summary("restart, upgrade, freeze, unfreeze, unhealthy, healthy").status(202)
                .project("romalocal:instances:act").handler(control::action));
        r.add(Route.put(CONTROL_INSTANCE + "/status", "ForceInstanceStatus").extension()
                .summary("force any of the 34 statuses").project("romalocal:instances:force")
                .handler(control::forceStatus));
        r.add(Route.get(CONTROL_INSTANCE + "/events", "ListInstanceEvents").extension().summary("status history")
                .project("romalocal:events:list").handler(control::events));
        r.add(Route.post("/_roma_local/reset", "Reset").extension()
                .summary("remove every instance, operation, history entry and fault; apply the seed file again")
                .operator("romalocal:state:reset").handler(control::reset));
        r.add(Route.post("/_roma_local/seed", "Seed").extension()
                .summary("upsert a list of instance documents (the seed-file format) in one transaction, up to 64 MiB")
                .operator("romalocal:state:seed").spooledBody(SEED_BODY_LIMIT).handler(control::seed));
        r.add(Route.get("/_roma_local/clock", "ShowClock").extension().summary("read the lifecycle clock")
                .operator("romalocal:clock:get").handler(control::clock));
        r.add(Route.put("/_roma_local/clock", "SetClock").extension().summary("pause or resume the lifecycle clock")
                .operator("romalocal:clock:set").handler(control::setClock));
        r.add(Route.post("/_roma_local/clock/advance", "AdvanceClock").extension()
                .summary("move the lifecycle clock; answers once every due step ran")
                .operator("romalocal:clock:set").handler(control::advance));
        r.add(Route.post("/_roma_local/faults", "AddStepFault").extension().summary("arm a step fault").status(201)
                .operator("romalocal:faults:add").handler(control::addStepFault));
        r.add(Route.get("/_roma_local/faults", "ListFaults").extension().summary("armed step and request faults")
                .operator("romalocal:faults:list").handler(control::faults));
        r.add(Route.delete("/_roma_local/faults", "ClearFaults").extension().summary("disarm every fault")
                .status(204).operator("romalocal:faults:remove").handler(control::clearFaults));
        r.add(Route.post("/_roma_local/faults/requests", "AddRequestFault").extension()
                .summary("the next requests to a route answer a catalogue error").status(201)
                .operator("romalocal:faults:add").handler(control::addRequestFault));
        r.add(Route.delete("/_roma_local/faults/{fault_id}", "RemoveStepFault").extension()
                .summary("disarm one step fault").status(204).operator("romalocal:faults:remove")
                .handler(control::deleteStepFault));
        r.add(Route.get("/_roma_local/audit", "ListAuditEvents").extension()
                .summary("the audit trail, newest first (`limit`, `marker`, `result`): the caller's account")
                .account("romalocal:audit:list").query("limit", "marker", "result").handler(audit::list));
        r.add(Route.get("/_roma_local/subnets", "ListSubnets").extension().summary("known subnets and their CIDRs")
                .operator("romalocal:subnets:list").handler(control::subnets));
        r.add(Route.put("/_roma_local/subnets/{subnet_id}", "PutSubnet").extension()
                .summary("make a subnet's CIDR known").operator("romalocal:subnets:put")
                .handler(control::putSubnet));
        return r.stream().map(route -> route.withDefaultBodyLimit(bodyLimit)).toList();
    }
}
