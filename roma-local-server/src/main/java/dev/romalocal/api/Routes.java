package dev.romalocal.api;

import dev.romalocal.iam.AuthRequest;
import dev.romalocal.iam.IdentityRequests;
import dev.romalocal.iam.KeyService;
import dev.romalocal.iam.PolicyService;

import dev.romalocal.instance.FeatureToggle;
import dev.romalocal.instance.InstanceDocument;
import dev.romalocal.instance.InstanceUpdate;
import dev.romalocal.json.NoBody;
import dev.romalocal.lifecycle.CreateRequest;
import dev.romalocal.lifecycle.LifecycleService;
import dev.romalocal.snapshot.SnapshotDocument;

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
    /** Snapshot imports stream their body to a temporary file, up to this size. */
    static final int SNAPSHOT_BODY_LIMIT = 256 * 1024 * 1024;

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

    static List<Route> all(Endpoints e, int bodyLimit) {
        List<Route> r = new ArrayList<>();
        // ROMA Connect: APIC (service integration) views, and the update extension.
        r.add(Route.get(INSTANCE, "ShowDetailsOfInstanceV2").summary("instance details")
                .family(ErrorFamily.APIC).project("roma:instances:get").memoryFirst()
                .handler(e.instances()::apicDetail));
        r.add(Route.put(INSTANCE, "UpdateInstanceV2").extension()
                .summary("update name, description, maintenance window, security group (after APIG's UpdateInstanceV2)")
                .family(ErrorFamily.APIC).project("roma:instances:update").bodyOf(InstanceUpdate.class).handler(e.lifecycle()::update));
        r.add(Route.get(INSTANCE + "/restriction", "ShowRestrictionOfInstanceV2").summary("restricted CIDRs")
                .family(ErrorFamily.APIC).project("roma:instances:get").handler(e.instances()::restriction));
        r.add(Route.get(INSTANCE + "/features", "ListFeaturesV2").summary("configured features (`offset`, `limit`)")
                .family(ErrorFamily.APIC).project("roma:features:list").query("offset", "limit").memoryFirst()
                .handler(e.config()::features));
        r.add(Route.post(INSTANCE + "/features", "CreateFeatureV2")
                .summary("configure a feature (create or replace by name), 201").status(201)
                .family(ErrorFamily.APIC).project("roma:features:create").bodyOf(FeatureToggle.class)
                .handler(e.config()::createFeature));
        r.add(Route.get(INSTANCE + "/tags", "ListTagsV2").summary("tags of the instance's APIs (`offset`, `limit`)")
                .family(ErrorFamily.APIC).project("roma:tags:list").query("offset", "limit").memoryFirst()
                .handler(e.config()::tags));
        r.add(Route.get(INSTANCE + "/livedata-quota", "ListLiveDataQuotaV2").summary("LiveData quotas and usage")
                .family(ErrorFamily.APIC).project("roma:quotas:get").memoryFirst()
                .handler(e.config()::liveDataQuota));
        // ROMA Connect: the message queue (MQS) views of the instances.
        r.add(Route.get("/v2/{project_id}/mqs/instances", "ListMqsInstance")
                .summary("every instance as a Kafka instance (`include_internal=true` required)")
                .family(ErrorFamily.APIC).project("roma:mqs:list").query("include_internal").memoryFirst()
                .handler(e.mqs()::list));
        r.add(Route.get("/v2/{project_id}/mqs/instances/{instance_id}", "ShowMqsInstance")
                .summary("an instance as a Kafka instance").family(ErrorFamily.APIC).project("roma:mqs:get")
                .memoryFirst().handler(e.mqs()::show));
        // ROMA Connect: public-resource (platform) APIs.
        r.add(Route.get("/v2/{project_id}/instances", "CheckRomaInstanceListV2")
                .summary("platform list (`status`, `offset`, `limit`, `id`)").family(ErrorFamily.ROMA)
                .project("roma:instances:list").query("status", "offset", "limit", "id").memoryFirst()
                .handler(e.instances()::platformList));
        r.add(Route.get("/v2/{project_id}/instances/{instance_id}", "ShowRomaInstance")
                .summary("platform detail (RomaInstance, HuaweiCloudStack read)").family(ErrorFamily.ROMA)
                .project("roma:instances:get").handler(e.instances()::platformDetail));
        r.add(Route.get("/v2/{project_id}/instances/{instance_id}/process", "GetCreateInstanceProcessV2")
                .summary("creation progress").family(ErrorFamily.ROMA).project("roma:instances:get")
                .handler(e.lifecycle()::progress));
        r.add(Route.get("/v3/{project_id}/roma/instances", "ListRomaInstancesV3")
                .summary("V3 list (`category`, `status`, `offset`, `limit`)").family(ErrorFamily.ROMA)
                .project("roma:instances:list").query("category", "status", "offset", "limit").memoryFirst()
                .handler(e.instances()::v3List));
        r.add(Route.post("/v3/{project_id}/roma/instances", "CreateRomaInstanceV3").summary("create")
                .family(ErrorFamily.ROMA).project("roma:instances:create").bodyOf(CreateRequest.V3.class).handler(e.lifecycle()::createV3));
        r.add(Route.post("/v1/{project_id}/instances", "CreateRomaInstanceV1").summary("create (HuaweiCloudStack)")
                .family(ErrorFamily.ROMA).project("roma:instances:create").bodyOf(CreateRequest.V1.class).handler(e.lifecycle()::createV1));
        r.add(Route.delete("/v1/{project_id}/roma/instances/{instance_id}", "DeleteRomaInstanceV1")
                .summary("delete (HuaweiCloudStack), 202").status(202).family(ErrorFamily.ROMA)
                .project("roma:instances:delete").handler(e.lifecycle()::deleteV1));
        // IAM (Keystone-style).
        r.add(Route.post("/v3/auth/tokens", "KeystoneCreateUserTokenByPassword")
                .summary("token by password, or by token (KeystoneCreateScopedToken); project/domain scope, "
                        + "`?nocatalog`").status(201).family(ErrorFamily.IAM)
                .open().query("nocatalog").body(TOKEN_BODY_LIMIT).bodyOf(AuthRequest.Body.class).handler(e.iam()::createToken));
        r.add(Route.get("/v3/auth/tokens", "KeystoneValidateToken").summary("validate the `X-Subject-Token`")
                .family(ErrorFamily.IAM).authenticated("iam:tokens:validate").query("nocatalog")
                .handler(e.iam()::validateToken));
        r.add(Route.delete("/v3/auth/tokens", "KeystoneRevokeToken").summary("revoke the `X-Subject-Token`")
                .status(204).family(ErrorFamily.IAM).authenticated("iam:tokens:revoke")
                .handler(e.iam()::revokeToken));
        r.add(Route.get("/v3/projects", "KeystoneListProjects").summary("the SDK's project-id discovery")
                .family(ErrorFamily.IAM).authenticated("iam:projects:list").query("name")
                .handler(e.iam()::projects));
        r.add(Route.get("/v3/auth/projects", "KeystoneListAuthProjects")
                .summary("the projects the caller may scope a token to").family(ErrorFamily.IAM)
                .authenticated("iam:auth:projects").handler(e.iam()::authProjects));
        r.add(Route.get("/v3/auth/domains", "KeystoneListAuthDomains")
                .summary("the caller's account (GlobalCredentials' domain-id discovery)").family(ErrorFamily.IAM)
                .authenticated("iam:auth:domains").handler(e.iam()::authDomains));
        r.add(Route.post("/v3.0/OS-USER/users", "CreateUser").summary("create a user (201)").status(201)
                .family(ErrorFamily.IAM).account("iam:users:create").bodyOf(IdentityRequests.CreateUser.class).handler(e.users()::createUser));
        r.add(Route.get("/v3.0/OS-USER/users/{user_id}", "ShowUser").summary("a user's details")
                .family(ErrorFamily.IAM).account("iam:users:get").handler(e.users()::showUser));
        r.add(Route.put("/v3.0/OS-USER/users/{user_id}", "UpdateUser")
                .summary("name, description, email, enabled, password").family(ErrorFamily.IAM)
                .account("iam:users:update").bodyOf(IdentityRequests.UpdateUser.class).handler(e.users()::updateUser));
        r.add(Route.get("/v3/users", "KeystoneListUsers")
                .summary("the account's users (`domain_id`, `enabled`, `name`, `password_expires_at`)")
                .family(ErrorFamily.IAM).account("iam:users:list")
                .query("domain_id", "enabled", "name", "password_expires_at").handler(e.users()::listUsers));
        r.add(Route.delete("/v3/users/{user_id}", "KeystoneDeleteUser")
                .summary("delete a user, its keys, tokens and memberships (204)").status(204)
                .family(ErrorFamily.IAM).account("iam:users:delete").handler(e.users()::deleteUser));
        r.add(Route.post("/v3/groups", "KeystoneCreateGroup").summary("create a group (201)").status(201)
                .family(ErrorFamily.IAM).account("iam:groups:create").bodyOf(IdentityRequests.CreateGroup.class).handler(e.users()::createGroup));
        r.add(Route.get("/v3/groups", "KeystoneListGroups").summary("the account's groups (`domain_id`, `name`)")
                .family(ErrorFamily.IAM).account("iam:groups:list").query("domain_id", "name")
                .handler(e.users()::listGroups));
        r.add(Route.get("/v3/groups/{group_id}", "KeystoneShowGroup").summary("a group's details")
                .family(ErrorFamily.IAM).account("iam:groups:get").handler(e.users()::showGroup));
        r.add(Route.delete("/v3/groups/{group_id}", "KeystoneDeleteGroup")
                .summary("delete a group, its memberships and grants (204); never `admin`").status(204)
                .family(ErrorFamily.IAM).account("iam:groups:delete").handler(e.users()::deleteGroup));
        r.add(Route.put("/v3/groups/{group_id}/users/{user_id}", "KeystoneAddUserToGroup")
                .summary("add a user to a group (204)").status(204).family(ErrorFamily.IAM)
                .account("iam:members:add").bodyOf(NoBody.class).handler(e.users()::addMember));
        r.add(Route.delete("/v3/groups/{group_id}/users/{user_id}", "KeystoneRemoveUserFromGroup")
                .summary("remove a user from a group (204)").status(204).family(ErrorFamily.IAM)
                .account("iam:members:remove").handler(e.users()::removeMember));
        r.add(Route.get("/v3/groups/{group_id}/users", "KeystoneListUsersForGroupByAdmin")
                .summary("a group's members").family(ErrorFamily.IAM).account("iam:members:list")
                .handler(e.users()::members));
        r.add(Route.post("/_roma_local/accounts", "CreateAccount").extension()
                .summary("a new account: project, administrator, access key (201; the secret key shown once)")
                .status(201).operator("romalocal:accounts:create").bodyOf(IdentityRequests.CreateAccount.class).handler(e.accounts()::create));
        r.add(Route.get("/_roma_local/accounts", "ListAccounts").extension()
                .summary("every account, its projects and user count").operator("romalocal:accounts:list")
                .handler(e.accounts()::list));
        r.add(Route.delete("/_roma_local/accounts/{domain_id}", "DeleteAccount").extension()
                .summary("delete an account and its users, keys, groups, grants, projects (204); refused while it "
                        + "has instances").status(204).operator("romalocal:accounts:delete")
                .handler(e.accounts()::delete));
        // IAM: policies, grants, access keys.
        r.add(Route.get("/v3/roles", "KeystoneListPermissions")
                .summary("system policies; with the caller's `domain_id`, its custom ones (`display_name`, `type`, "
                        + "`name`, `catalog`, `permission_type`, `page`, `per_page`)")
                .family(ErrorFamily.IAM).account("iam:roles:list")
                .query("name", "domain_id", "page", "per_page", "permission_type", "display_name", "type", "catalog")
                .handler(e.policies()::list));
        r.add(Route.get("/v3/roles/{role_id}", "KeystoneShowPermission")
                .summary("a system policy or one of the account's custom policies").family(ErrorFamily.IAM)
                .account("iam:roles:get").handler(e.policies()::show));
        r.add(Route.post("/v3.0/OS-ROLE/roles", "CreateCloudServiceCustomPolicy")
                .summary("create a custom policy (IAM policy language), 201").status(201).family(ErrorFamily.IAM)
                .account("iam:roles:create").body(POLICY_BODY_LIMIT).bodyOf(PolicyService.CreateRole.class).handler(e.policies()::createCustom));
        r.add(Route.get(CUSTOM_ROLE, "ShowCustomPolicy").summary("a custom policy, with its number of grants")
                .family(ErrorFamily.IAM).account("iam:roles:get").handler(e.policies()::showCustom));
        r.add(Route.patch(CUSTOM_ROLE, "UpdateCloudServiceCustomPolicy")
                .summary("change a custom policy (takes effect on the next request)").family(ErrorFamily.IAM)
                .account("iam:roles:update").body(POLICY_BODY_LIMIT).bodyOf(PolicyService.UpdateRole.class).handler(e.policies()::updateCustom));
        r.add(Route.delete(CUSTOM_ROLE, "DeleteCustomPolicy")
                .summary("delete a custom policy (refused while granted)").family(ErrorFamily.IAM)
                .account("iam:roles:delete").handler(e.policies()::deleteCustom));
        r.add(Route.get(PROJECT_GRANTS, "KeystoneListProjectPermissionsForGroup")
                .summary("policies granted to a group on a project").family(ErrorFamily.IAM)
                .account("iam:permissions:list").handler(e.policies()::listOnProject));
        r.add(Route.put(PROJECT_GRANTS + "/{role_id}", "KeystoneAssociateGroupWithProjectPermission")
                .summary("grant a policy to a group on a project, 204").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:grant").body(EMPTY_BODY_LIMIT).bodyOf(NoBody.class).handler(e.policies()::grantOnProject));
        r.add(Route.delete(PROJECT_GRANTS + "/{role_id}", "KeystoneRemoveProjectPermissionFromGroup")
                .summary("remove a grant on a project, 204").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:revoke").handler(e.policies()::revokeOnProject));
        r.add(Route.head(PROJECT_GRANTS + "/{role_id}", "KeystoneCheckProjectPermissionForGroup")
                .summary("204 when granted on the project, else 404").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:check").handler(e.policies()::checkOnProject));
        r.add(Route.get(DOMAIN_GRANTS, "KeystoneListDomainPermissionsForGroup")
                .summary("policies granted to a group on the whole account").family(ErrorFamily.IAM)
                .account("iam:permissions:list").handler(e.policies()::listOnDomain));
        r.add(Route.put(DOMAIN_GRANTS + "/{role_id}", "KeystoneAssociateGroupWithDomainPermission")
                .summary("grant a policy to a group on the whole account (every project of it), 204").status(204)
                .family(ErrorFamily.IAM).account("iam:permissions:grant").body(EMPTY_BODY_LIMIT)
                .bodyOf(NoBody.class).handler(e.policies()::grantOnDomain));
        r.add(Route.delete(DOMAIN_GRANTS + "/{role_id}", "KeystoneRemoveDomainPermissionFromGroup")
                .summary("remove a grant on the whole account, 204").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:revoke").handler(e.policies()::revokeOnDomain));
        r.add(Route.head(DOMAIN_GRANTS + "/{role_id}", "KeystoneCheckDomainPermissionForGroup")
                .summary("204 when granted on the whole account, else 404").status(204).family(ErrorFamily.IAM)
                .account("iam:permissions:check").handler(e.policies()::checkOnDomain));
        r.add(Route.post(CREDENTIALS, "CreatePermanentAccessKey")
                .summary("a permanent access key for oneself (admins: any user of the account), 201, the secret "
                        + "shown once").status(201).family(ErrorFamily.IAM).authenticated(KeyService.CREATE)
                .body(KEY_BODY_LIMIT).bodyOf(KeyService.CreateKey.class).handler(e.keys()::create));
        r.add(Route.get(CREDENTIALS, "ListPermanentAccessKeys").summary("one's permanent access keys (`user_id`)")
                .family(ErrorFamily.IAM).authenticated(KeyService.LIST).query("user_id").handler(e.keys()::list));
        r.add(Route.get(CREDENTIALS + "/{access_key}", "ShowPermanentAccessKey").summary("a permanent access key")
                .family(ErrorFamily.IAM).authenticated(KeyService.GET).handler(e.keys()::show));
        r.add(Route.put(CREDENTIALS + "/{access_key}", "UpdatePermanentAccessKey")
                .summary("activate or deactivate an access key, change its description").family(ErrorFamily.IAM)
                .authenticated(KeyService.UPDATE).body(KEY_BODY_LIMIT).bodyOf(KeyService.UpdateKey.class).handler(e.keys()::update));
        r.add(Route.delete(CREDENTIALS + "/{access_key}", "DeletePermanentAccessKey")
                .summary("delete an access key, 204").status(204).family(ErrorFamily.IAM)
                .authenticated(KeyService.DELETE).handler(e.keys()::delete));
        r.add(Route.post("/v3.0/OS-CREDENTIAL/securitytokens", "CreateTemporaryAccessKeyByToken")
                .summary("a temporary access key and security token (token method, 900 s to 24 h), 201")
                .status(201).family(ErrorFamily.IAM).authenticated(KeyService.CREATE_TEMPORARY)
                .body(KEY_BODY_LIMIT).bodyOf(KeyService.CreateTemporaryKey.class).handler(e.keys()::createTemporary));
        // The emulator's control API.
        r.add(Route.get("/_roma_local/health", "Health").extension().summary("liveness, no credentials").open()
                .handler(e.control()::health));
        r.add(Route.get("/", "Index").extension()
                .summary("what this server is: name, version, API base paths, where the documents are; no credentials")
                .open().handler(e.ops()::index));
        r.add(Route.get("/_roma_local/metrics", "Metrics").extension()
                .summary("requests, refusals, lifecycle steps, caches, pool, JVM in the Prometheus text format "
                        + "(docs/metrics.md), no credentials").open().handler(e.ops()::metrics));
        r.add(Route.get("/_roma_local/openapi.json", "OpenApiDocument").extension()
                .summary("this table as an OpenAPI 3.1 document, no credentials").open()
                .handler(e.control()::openApi));
        r.add(Route.put(CONTROL_INSTANCE, "UpsertInstance").extension()
                .summary("create (201) or replace (200) an instance from an APIC-detail document")
                .project("romalocal:instances:put").bodyOf(InstanceDocument.class).handler(e.control()::upsert));
        r.add(Route.delete(CONTROL_INSTANCE, "RemoveInstance").extension().summary("remove an instance at once (204)")
                .status(204).project("romalocal:instances:remove").handler(e.control()::delete));
        r.add(Route.post(CONTROL_INSTANCE + "/actions", "ActOnInstance").extension()
                .summary("restart, upgrade, freeze, unfreeze, unhealthy, healthy").status(202)
                .project("romalocal:instances:act").bodyOf(LifecycleService.ActionRequest.class).handler(e.control()::action));
        r.add(Route.put(CONTROL_INSTANCE + "/status", "ForceInstanceStatus").extension()
                .summary("force any of the 34 statuses").project("romalocal:instances:force")
                .bodyOf(LifecycleService.StatusRequest.class).handler(e.control()::forceStatus));
        r.add(Route.get(CONTROL_INSTANCE + "/events", "ListInstanceEvents").extension().summary("status history")
                .project("romalocal:events:list").handler(e.control()::events));
        r.add(Route.get(CONTROL_INSTANCE + "/health", "ShowInstanceHealth").extension()
                .summary("live listener health checks: whether and where the instance is probed, each backend's last "
                        + "result").project("romalocal:health:get").handler(e.health()::show));
        r.add(Route.post("/_roma_local/reset", "Reset").extension()
                .summary("remove every instance, operation, history entry and fault; apply the seed file again; "
                        + "the lifecycle clock back to wall time unless `keep_clock=true`")
                .operator("romalocal:state:reset").query("keep_clock").bodyOf(NoBody.class)
                .handler(e.control()::reset));
        r.add(Route.post("/_roma_local/seed", "Seed").extension()
                .summary("upsert a list of instance documents (the seed-file format) in one transaction, up to 64 MiB")
                .operator("romalocal:state:seed").spooledBody(SEED_BODY_LIMIT).bodyOf(InstanceDocument[].class).handler(e.control()::seed));
        r.add(Route.get("/_roma_local/snapshot", "ExportSnapshot").extension()
                .summary("the whole state (identity, instances, operations, faults, history, clock) as one document, "
                        + "read in one transaction").operator("romalocal:state:export").handler(e.snapshots()::export));
        r.add(Route.put("/_roma_local/snapshot", "ImportSnapshot").extension()
                .summary("replace the whole state with a snapshot document in one transaction, up to 256 MiB")
                .operator("romalocal:state:import").spooledBody(SNAPSHOT_BODY_LIMIT).bodyOf(SnapshotDocument.class)
                .handler(e.snapshots()::replace));
        r.add(Route.get("/_roma_local/clock", "ShowClock").extension().summary("read the lifecycle clock")
                .operator("romalocal:clock:get").handler(e.control()::clock));
        r.add(Route.put("/_roma_local/clock", "SetClock").extension()
                .summary("pause or resume the lifecycle clock, or set its offset from wall time (`offset_ms`; 0: "
                        + "wall time)")
                .operator("romalocal:clock:set").bodyOf(ControlEndpoints.ClockSetting.class).handler(e.control()::setClock));
        r.add(Route.post("/_roma_local/clock/advance", "AdvanceClock").extension()
                .summary("move the lifecycle clock; answers once every due step ran")
                .operator("romalocal:clock:set").bodyOf(ControlEndpoints.ClockAdvance.class).handler(e.control()::advance));
        r.add(Route.post("/_roma_local/faults", "AddStepFault").extension().summary("arm a step fault").status(201)
                .operator("romalocal:faults:add").bodyOf(LifecycleService.FaultRequest.class).handler(e.control()::addStepFault));
        r.add(Route.get("/_roma_local/faults", "ListFaults").extension().summary("armed step and request faults")
                .operator("romalocal:faults:list").handler(e.control()::faults));
        r.add(Route.delete("/_roma_local/faults", "ClearFaults").extension().summary("disarm every fault")
                .status(204).operator("romalocal:faults:remove").handler(e.control()::clearFaults));
        r.add(Route.post("/_roma_local/faults/requests", "AddRequestFault").extension()
                .summary("the next requests to a route answer a catalogue error").status(201)
                .operator("romalocal:faults:add").bodyOf(RequestFaults.FaultRequest.class).handler(e.control()::addRequestFault));
        r.add(Route.delete("/_roma_local/faults/{fault_id}", "RemoveStepFault").extension()
                .summary("disarm one step fault").status(204).operator("romalocal:faults:remove")
                .handler(e.control()::deleteStepFault));
        r.add(Route.get("/_roma_local/audit", "ListAuditEvents").extension()
                .summary("the audit trail, newest first (`limit`, `marker`, `result`): the caller's account")
                .account("romalocal:audit:list").query("limit", "marker", "result").handler(e.audit()::list));
        r.add(Route.get("/_roma_local/subnets", "ListSubnets").extension().summary("known subnets and their CIDRs")
                .operator("romalocal:subnets:list").handler(e.control()::subnets));
        r.add(Route.put("/_roma_local/subnets/{subnet_id}", "PutSubnet").extension()
                .summary("make a subnet's CIDR known").operator("romalocal:subnets:put")
                .bodyOf(ControlEndpoints.SubnetSetting.class).handler(e.control()::putSubnet));
        // The web console (docs/console.md): static files, and its live view's event stream.
        r.add(Route.get("/_roma_local/console", "ConsolePage").extension()
                .summary("the web console's page (HTML; its scripts call this API with the signed-in user's token)")
                .open().memoryFirst().handler(e.console()::page));
        r.add(Route.get("/_roma_local/console/assets/{file}", "ConsoleAsset").extension()
                .summary("a script or style sheet of the console (ETag, revalidated)").open().memoryFirst()
                .handler(e.console()::asset));
        r.add(Route.post("/_roma_local/console/projects/{project_id}/tickets", "CreateConsoleTicket").extension()
                .summary("a single-use ticket (30 s) that opens the console's event stream of the project, 201")
                .status(201).project(ConsoleEndpoints.STREAM_ACTION).body(EMPTY_BODY_LIMIT).bodyOf(NoBody.class)
                .handler(e.console()::ticket));
        r.add(Route.get("/_roma_local/console/events", "ConsoleEvents").extension()
                .summary("server-sent events: the ticket's project changed (`ticket`)").open().query("ticket")
                .handler(e.console()::events));
        return r.stream().map(route -> route.withDefaultBodyLimit(bodyLimit)).toList();
    }
}
