package dev.romalocal.api;

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

    private Routes() {
    }

    static List<Route> all(InstanceEndpoints instances, LifecycleEndpoints lifecycle, IamEndpoints iam,
                           UserEndpoints users, AccountEndpoints accounts, ControlEndpoints control, int bodyLimit) {
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
                .summary("token by password, or by token (KeystoneCreateScopedToken); project/domain scope, "
                        + "`?nocatalog`").status(201).family(ErrorFamily.IAM)
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
        r.add(Route.get("/v3/auth/projects", "KeystoneListAuthProjects")
                .summary("the projects the caller may scope a token to").family(ErrorFamily.IAM)
                .authenticated("iam:auth:projects").handler(iam::authProjects));
        r.add(Route.get("/v3/auth/domains", "KeystoneListAuthDomains")
                .summary("the caller's account (GlobalCredentials' domain-id discovery)").family(ErrorFamily.IAM)
                .authenticated("iam:auth:domains").handler(iam::authDomains));
        r.add(Route.post("/v3.0/OS-USER/users", "CreateUser").summary("create a user (201)").status(201)
                .family(ErrorFamily.IAM).account("iam:users:create").handler(users::createUser));
        r.add(Route.get("/v3.0/OS-USER/users/{user_id}", "ShowUser").summary("a user's details")
                .family(ErrorFamily.IAM).account("iam:users:get").handler(users::showUser));
        r.add(Route.put("/v3.0/OS-USER/users/{user_id}", "UpdateUser")
                .summary("name, description, email, enabled, password").family(ErrorFamily.IAM)
                .account("iam:users:update").handler(users::updateUser));
        r.add(Route.get("/v3/users", "KeystoneListUsers")
                .summary("the account's users (`domain_id`, `enabled`, `name`, `password_expires_at`)")
                .family(ErrorFamily.IAM).account("iam:users:list")
                .query("domain_id", "enabled", "name", "password_expires_at").handler(users::listUsers));
        r.add(Route.delete("/v3/users/{user_id}", "KeystoneDeleteUser")
                .summary("delete a user, its keys, tokens and memberships (204)").status(204)
                .family(ErrorFamily.IAM).account("iam:users:delete").handler(users::deleteUser));
        r.add(Route.post("/v3/groups", "KeystoneCreateGroup").summary("create a group (201)").status(201)
                .family(ErrorFamily.IAM).account("iam:groups:create").handler(users::createGroup));
        r.add(Route.get("/v3/groups", "KeystoneListGroups").summary("the account's groups (`domain_id`, `name`)")
                .family(ErrorFamily.IAM).account("iam:groups:list").query("domain_id", "name")
                .handler(users::listGroups));
        r.add(Route.get("/v3/groups/{group_id}", "KeystoneShowGroup").summary("a group's details")
                .family(ErrorFamily.IAM).account("iam:groups:get").handler(users::showGroup));
        r.add(Route.delete("/v3/groups/{group_id}", "KeystoneDeleteGroup")
                .summary("delete a group, its memberships and grants (204); never `admin`").status(204)
                .family(ErrorFamily.IAM).account("iam:groups:delete").handler(users::deleteGroup));
        r.add(Route.put("/v3/groups/{group_id}/users/{user_id}", "KeystoneAddUserToGroup")
                .summary("add a user to a group (204)").status(204).family(ErrorFamily.IAM)
                .account("iam:members:add").handler(users::addMember));
        r.add(Route.delete("/v3/groups/{group_id}/users/{user_id}", "KeystoneRemoveUserFromGroup")
                .summary("remove a user from a group (204)").status(204).family(ErrorFamily.IAM)
                .account("iam:members:remove").handler(users::removeMember));
        r.add(Route.get("/v3/groups/{group_id}/users", "KeystoneListUsersForGroupByAdmin")
                .summary("a group's members").family(ErrorFamily.IAM).account("iam:members:list")
                .handler(users::members));
        r.add(Route.post("/_roma_local/accounts", "CreateAccount").extension()
                .summary("a new account: project, administrator, access key (201; the secret key shown once)")
                .status(201).operator("romalocal:accounts:create").handler(accounts::create));
        r.add(Route.get("/_roma_local/accounts", "ListAccounts").extension()
                .summary("every account, its projects and user count").operator("romalocal:accounts:list")
                .handler(accounts::list));
        r.add(Route.delete("/_roma_local/accounts/{domain_id}", "DeleteAccount").extension()
                .summary("delete an account and its users, keys, groups, grants, projects (204); refused while it "
                        + "has instances").status(204).operator("romalocal:accounts:delete")
                .handler(accounts::delete));
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
        r.add(Route.get("/_roma_local/subnets", "ListSubnets").extension().summary("known subnets and their CIDRs")
                .operator("romalocal:subnets:list").handler(control::subnets));
        r.add(Route.put("/_roma_local/subnets/{subnet_id}", "PutSubnet").extension()
                .summary("make a subnet's CIDR known").operator("romalocal:subnets:put")
                .handler(control::putSubnet));
        return r.stream().map(route -> route.withDefaultBodyLimit(bodyLimit)).toList();
    }
}
