package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.AuthProjectResult;
import com.huaweicloud.sdk.iam.v3.model.CreateUserOption;
import com.huaweicloud.sdk.iam.v3.model.CreateUserRequest;
import com.huaweicloud.sdk.iam.v3.model.CreateUserRequestBody;
import com.huaweicloud.sdk.iam.v3.model.Domains;
import com.huaweicloud.sdk.iam.v3.model.KeystoneAddUserToGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateGroupOption;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateGroupRequestBody;
import com.huaweicloud.sdk.iam.v3.model.KeystoneDeleteGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneDeleteUserRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneGroupResult;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListAuthDomainsRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListAuthProjectsRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListGroupsRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListUsersForGroupByAdminRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListUsersRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListUsersResult;
import com.huaweicloud.sdk.iam.v3.model.KeystoneRemoveUserFromGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneShowGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.ShowUserRequest;
import com.huaweicloud.sdk.iam.v3.model.UpdateUserOption;
import com.huaweicloud.sdk.iam.v3.model.UpdateUserRequest;
import com.huaweicloud.sdk.iam.v3.model.UpdateUserRequestBody;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.iam.SystemPolicies;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Accounts made through {@code /_roma_local/accounts}, their isolation from each other through the IAM API, and
 * the SDKs' discovery of domain and project ids against ROMA Local. On each store.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AccountsTest extends ServerFixture {
    static final String PASSWORD = "Account-pass-1";
    final MutableClock clock = MutableClock.systemNow();
    final AtomicInteger names = new AtomicInteger();

    @Override
    protected RomaLocal start(Settings settings) {
        return RomaLocal.start(settings, clock);
    }

    /** A new account: the JSON the server answered. */
    JsonNode newAccount() {
        String name = "acct-" + backend.name().toLowerCase() + "-" + names.incrementAndGet();
        Http.Response r = admin("POST", "/_roma_local/accounts",
                "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    IamClient iam(String ak, String sk) {
        return IamClient.newBuilder().withCredential(new GlobalCredentials().withAk(ak).withSk(sk))
                .withEndpoint(server.endpoint())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30)).build();
    }

    IamClient iam(JsonNode account) {
        return iam(account.get("access_key").asText(), account.get("secret_key").asText());
    }

    static ClientRequestException refused(Runnable call) {
        ClientRequestException e = catchThrowableOfType(ClientRequestException.class, call::run);
        assertThat(e).as("the call was refused").isNotNull();
        return e;
    }

    @Test
    void anAccountComesWithAProjectAnAdministratorAndAKey() {
        JsonNode a = newAccount();
        String name = a.get("domain_name").asText();
        assertThat(a.get("domain_id").asText()).matches("[0-9a-f]{32}");
        assertThat(a.get("project_id").asText()).matches("[0-9a-f]{32}");
        assertThat(a.get("project_name").asText()).isEqualTo(Settings.DEFAULT_PROJECT_NAME);
        assertThat(a.get("user_id").asText()).isEqualTo(a.get("domain_id").asText());
        assertThat(a.get("user_name").asText()).isEqualTo(name);
        assertThat(a.get("access_key").asText()).matches("[A-Z0-9]{20}");
        assertThat(a.get("secret_key").asText()).matches("[A-Za-z0-9]{40}");

        // Its administrator logs in with the password, and holds every permission on its own project.
        String project = a.get("project_id").asText();
        String token = http.token(name, name, PASSWORD, "{\"project\":{\"name\":\"" + Settings.DEFAULT_PROJECT_NAME
                + "\"}}");
        assertThat(http.withToken("GET", "/v2/" + project + "/instances", token, null).status()).isEqualTo(200);
        assertThat(http.withToken("PUT", "/_roma_local/projects/" + project + "/instances/acct-i1", token, "{}")
                .status()).isEqualTo(201);
        // Its key signs requests (with the SDK), for its project only.
        RomaClient roma = dev.romalocal.testing.Sdk.roma(server.endpoint(), a.get("access_key").asText(),
                a.get("secret_key").asText(), project);
        assertThat(roma.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId("acct-i1"))
                .getId()).isEqualTo("acct-i1");
        assertThat(http.signed("GET", "/v2/" + PROJECT + "/instances", PROJECT, a.get("access_key").asText(),
                a.get("secret_key").asText(), null, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).status())
                .isEqualTo(403);
        // It is the account's administrator, in the admin group.
        var owner = iam(a).showUser(new ShowUserRequest().withUserId(a.get("user_id").asText())).getUser();
        assertThat(owner.getIsDomainOwner()).isTrue();
        String adminGroup = iam(a).keystoneListGroups(new KeystoneListGroupsRequest()
                .withName(SystemPolicies.ADMIN_GROUP)).getGroups().get(0).getId();
        assertThat(iam(a).keystoneListUsersForGroupByAdmin(new KeystoneListUsersForGroupByAdminRequest()
                .withGroupId(adminGroup)).getUsers()).extracting(u -> u.getId()).containsExactly(owner.getId());

        // Listed, without secrets; the built-in account is marked.
        Http.Response listed = admin("GET", "/_roma_local/accounts", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.text()).doesNotContain(a.get("secret_key").asText()).doesNotContain("secret");
        JsonNode mine = null;
        for (JsonNode acc : listed.json().get("accounts")) {
            if (acc.get("domain_id").asText().equals(a.get("domain_id").asText())) {
                mine = acc;
            }
            if (acc.get("domain_name").asText().equals(Settings.DEFAULT_DOMAIN)) {
                assertThat(acc.get("built_in").asBoolean()).isTrue();
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("built_in").asBoolean()).isFalse();
        assertThat(mine.get("users").asInt()).isEqualTo(1);
        assertThat(mine.at("/projects/0/id").asText()).isEqualTo(project);

        // A second account of the same name is refused; only the built-in administrator manages accounts.
        Http.Response again = admin("POST", "/_roma_local/accounts", "{\"name\":\"" + name + "\",\"password\":\""
                + PASSWORD + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("ROMALOCAL.4098");
        Http.Response notOperator = http.withToken("POST", "/_roma_local/accounts", token,
                "{\"name\":\"nope\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(notOperator.status()).isEqualTo(403);
        assertThat(notOperator.errorCode()).isEqualTo("APIC.7106");
        assertThat(http.withToken("GET", "/_roma_local/accounts", token, null).status()).isEqualTo(403);

        // Deleting it: refused while it holds an instance, then everything goes, its credentials first.
        String domainId = a.get("domain_id").asText();
        Http.Response busy = admin("DELETE", "/_roma_local/accounts/" + domainId, null);
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.errorCode()).isEqualTo("ROMALOCAL.4099");
        assertThat(http.withToken("DELETE", "/_roma_local/projects/" + project + "/instances/acct-i1", token, null)
                .status()).isEqualTo(204);
        assertThat(admin("DELETE", "/_roma_local/accounts/" + domainId, null).status()).isEqualTo(204);
        assertThat(http.withToken("GET", "/v2/" + project + "/instances", token, null).status()).isEqualTo(401);
        assertThat(http.signed("GET", "/v2/" + project + "/instances", project, a.get("access_key").asText(),
                a.get("secret_key").asText(), null, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).status())
                .isEqualTo(401);
        assertThat(admin("GET", "/_roma_local/accounts", null).text()).doesNotContain(domainId);
        assertThat(admin("DELETE", "/_roma_local/accounts/" + domainId, null).status()).isEqualTo(404);
        // The name is free again.
        assertThat(admin("POST", "/_roma_local/accounts", "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\"}").status()).isEqualTo(201);
        // Never the built-in account.
        Http.Response builtIn = admin("DELETE", "/_roma_local/accounts/" + server.identity().domainId(), null);
        assertThat(builtIn.status()).isEqualTo(403);
        assertThat(builtIn.errorCode()).isEqualTo("ROMALOCAL.4039");
    }

    @Test
    void badAccountRequests() {
        for (String body : List.of("{}", "{\"name\":\"x\"}", "{\"password\":\"" + PASSWORD + "\"}",
                "{\"name\":\"1abc\",\"password\":\"" + PASSWORD + "\"}",
                "{\"name\":\"a b\",\"password\":\"" + PASSWORD + "\"}",
                "{\"name\":\"" + "a".repeat(65) + "\",\"password\":\"" + PASSWORD + "\"}",
                "{\"name\":\"ok\",\"password\":\"" + PASSWORD + "\",\"extra\":1}",
                "{\"name\":\"ok\",\"password\":7}", "[]")) {
            Http.Response r = admin("POST", "/_roma_local/accounts", body);
            assertThat(r.status()).as(body + " -> " + r.text()).isEqualTo(400);
            assertThat(r.errorCode()).as(body).isEqualTo("APIG.2012");
        }
        Http.Response weak = admin("POST", "/_roma_local/accounts", "{\"name\":\"weak\",\"password\":\"weak\"}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.errorCode()).isEqualTo("1103");
        assertThat(weak.header("X-Roma-Local-Reason")).contains("characters");
        Http.Response badUser = admin("POST", "/_roma_local/accounts", "{\"name\":\"fine\",\"password\":\""
                + PASSWORD + "\",\"user_name\":\" spaced\"}");
        assertThat(badUser.errorCode()).isEqualTo("1101");
        assertThat(admin("DELETE", "/_roma_local/accounts/..", null).status()).isIn(400, 404);
        assertThat(admin("DELETE", "/_roma_local/accounts/" + "f".repeat(32), null).errorCode())
                .isEqualTo("IAM.0004");
    }

    @Test
    void accountsCannotSeeOrTouchEachOthersUsersAndGroups() {
        JsonNode a = newAccount();
        JsonNode b = newAccount();
        IamClient iamA = iam(a);
        IamClient iamB = iam(b);
        String domainA = a.get("domain_id").asText();
        String domainB = b.get("domain_id").asText();
        String userA = iamA.createUser(new CreateUserRequest().withBody(new CreateUserRequestBody().withUser(
                new CreateUserOption().withName("alice").withDomainId(domainA).withPassword("Alice-pass-1"))))
                .getUser().getId();
        String groupA = iamA.keystoneCreateGroup(new KeystoneCreateGroupRequest().withBody(
                new KeystoneCreateGroupRequestBody().withGroup(new KeystoneCreateGroupOption().withName("team"))))
                .getGroup().getId();
        String groupB = iamB.keystoneCreateGroup(new KeystoneCreateGroupRequest().withBody(
                new KeystoneCreateGroupRequestBody().withGroup(new KeystoneCreateGroupOption().withName("team"))))
                .getGroup().getId();
        String adminGroupA = iamA.keystoneListGroups(new KeystoneListGroupsRequest()
                .withName(SystemPolicies.ADMIN_GROUP)).getGroups().get(0).getId();
        // A user of the same name in B is another user.
        String userB = iamB.createUser(new CreateUserRequest().withBody(new CreateUserRequestBody().withUser(
                new CreateUserOption().withName("alice").withDomainId(domainB).withPassword("Alice-pass-1"))))
                .getUser().getId();
        assertThat(userB).isNotEqualTo(userA);

        // B sees only its own.
        assertThat(iamB.keystoneListUsers(new KeystoneListUsersRequest()).getUsers())
                .extracting(KeystoneListUsersResult::getDomainId).containsOnly(domainB);
        assertThat(iamB.keystoneListUsers(new KeystoneListUsersRequest().withDomainId(domainA)).getUsers()).isEmpty();
        assertThat(iamB.keystoneListGroups(new KeystoneListGroupsRequest()).getGroups())
                .extracting(KeystoneGroupResult::getDomainId).containsOnly(domainB);
        assertThat(iamB.keystoneListGroups(new KeystoneListGroupsRequest().withDomainId(domainA)).getGroups())
                .isEmpty();

        // Every id of A is unknown to B, for every operation.
        List<Runnable> attempts = List.of(
                () -> iamB.showUser(new ShowUserRequest().withUserId(userA)),
                () -> iamB.showUser(new ShowUserRequest().withUserId(domainA)),
                () -> iamB.updateUser(new UpdateUserRequest().withUserId(userA).withBody(new UpdateUserRequestBody()
                        .withUser(new UpdateUserOption().withEnabled(false)))),
                () -> iamB.updateUser(new UpdateUserRequest().withUserId(userA).withBody(new UpdateUserRequestBody()
                        .withUser(new UpdateUserOption().withPassword("Taken-over-1")))),
                () -> iamB.keystoneDeleteUser(new KeystoneDeleteUserRequest().withUserId(userA)),
                () -> iamB.keystoneShowGroup(new KeystoneShowGroupRequest().withGroupId(groupA)),
                () -> iamB.keystoneShowGroup(new KeystoneShowGroupRequest().withGroupId(adminGroupA)),
                () -> iamB.keystoneDeleteGroup(new KeystoneDeleteGroupRequest().withGroupId(groupA)),
                () -> iamB.keystoneListUsersForGroupByAdmin(new KeystoneListUsersForGroupByAdminRequest()
                        .withGroupId(adminGroupA)),
                () -> iamB.keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(groupB)
                        .withUserId(userA)),
                () -> iamB.keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(adminGroupA)
                        .withUserId(userB)),
                () -> iamB.keystoneRemoveUserFromGroup(new KeystoneRemoveUserFromGroupRequest()
                        .withGroupId(adminGroupA).withUserId(domainA)));
        for (Runnable attempt : attempts) {
            ClientRequestException e = refused(attempt);
            assertThat(e.getHttpStatusCode()).isEqualTo(404);
            assertThat(e.getErrorCode()).isEqualTo("IAM.0004");
            assertThat(e.getErrorMsg()).doesNotContain("alice");
        }
        ClientRequestException intoA = refused(() -> iamB.createUser(new CreateUserRequest().withBody(
                new CreateUserRequestBody().withUser(new CreateUserOption().withName("mallory").withDomainId(domainA)
                        .withPassword("Mallory-pass-1")))));
        assertThat(intoA.getHttpStatusCode()).isEqualTo(403);
        // A is untouched.
        assertThat(iamA.showUser(new ShowUserRequest().withUserId(userA)).getUser().getEnabled()).isTrue();
        assertThat(http.token(a.get("domain_name").asText(), "alice", "Alice-pass-1", null)).isNotBlank();
        assertThat(iamA.keystoneShowGroup(new KeystoneShowGroupRequest().withGroupId(groupA)).getGroup().getName())
                .isEqualTo("team");
        assertThat(iamA.keystoneListUsers(new KeystoneListUsersRequest()).getUsers())
                .extracting(KeystoneListUsersResult::getName).doesNotContain("mallory");

        // A user of B without the admin group manages nothing, not even in B.
        String token = http.token(b.get("domain_name").asText(), "alice", "Alice-pass-1", null);
        Http.Response create = http.withToken("POST", "/v3.0/OS-USER/users", token, "{\"user\":{\"name\":\"x\","
                + "\"domain_id\":\"" + domainB + "\"}}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.errorCode()).isEqualTo("APIC.7106");
        assertThat(create.header("X-Roma-Local-Reason")).contains("iam:users:create");
        assertThat(http.withToken("GET", "/v3/users", token, null).status()).isEqualTo(403);
        // In B's admin group, it does.
        String adminGroupB = iamB.keystoneListGroups(new KeystoneListGroupsRequest()
                .withName(SystemPolicies.ADMIN_GROUP)).getGroups().get(0).getId();
        iamB.keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(adminGroupB).withUserId(userB));
        assertThat(http.withToken("GET", "/v3/users", token, null).status()).isEqualTo(200);
        // The built-in administrator sees neither account's users through the IAM API either.
        assertThat(admin("GET", "/v3.0/OS-USER/users/" + userA, null).status()).isEqualTo(404);
        assertThat(admin("GET", "/v3/users", null).text()).doesNotContain(userA).doesNotContain(userB);
    }

    @Test
    void theSdksDiscoverDomainAndProjectIds() {
        JsonNode a = newAccount();
        String ak = a.get("access_key").asText();
        String sk = a.get("secret_key").asText();
        String endpoint = server.endpoint();
        // GlobalCredentials without a domain id, a client built for a region: the SDK asks GET /v3/auth/domains.
        IamClient discovering = IamClient.newBuilder()
                .withCredential(new GlobalCredentials().withAk(ak).withSk(sk).withIamEndpoint(endpoint))
                .withRegion(new Region(Settings.DEFAULT_PROJECT_NAME, endpoint))
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30)).build();
        assertThat(discovering.keystoneListUsers(new KeystoneListUsersRequest()).getUsers())
                .extracting(KeystoneListUsersResult::getId).containsExactly(a.get("user_id").asText());
        List<Domains> domains = discovering.keystoneListAuthDomains(new KeystoneListAuthDomainsRequest())
                .getDomains();
        assertThat(domains).extracting(Domains::getId).containsExactly(a.get("domain_id").asText());
        assertThat(domains.get(0).getName()).isEqualTo(a.get("domain_name").asText());
        List<AuthProjectResult> projects = discovering.keystoneListAuthProjects(new KeystoneListAuthProjectsRequest())
                .getProjects();
        assertThat(projects).extracting(AuthProjectResult::getId).containsExactly(a.get("project_id").asText());
        assertThat(projects.get(0).getName()).isEqualTo(Settings.DEFAULT_PROJECT_NAME);
        assertThat(projects.get(0).getDomainId()).isEqualTo(a.get("domain_id").asText());

        // BasicCredentials without a project id: the ROMA SDK asks GET /v3/projects?name=<region>.
        String project = a.get("project_id").asText();
        String token = http.token(a.get("domain_name").asText(), a.get("user_name").asText(), PASSWORD, null);
        Http.Response scoped = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                IdentityTest.tokenMethodBody(token, "{\"project\":{\"id\":\"" + project + "\"}}"));
        assertThat(http.withToken("PUT", "/_roma_local/projects/" + project + "/instances/disc-a1",
                scoped.header("X-Subject-Token"), "{}").status()).isEqualTo(201);
        RomaClient roma = RomaClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(ak).withSk(sk).withIamEndpoint(endpoint))
                .withRegion(new Region(Settings.DEFAULT_PROJECT_NAME, endpoint))
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30)).build();
        assertThat(roma.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId("disc-a1"))
                .getProjectId()).isEqualTo(project);
    }

    @Test
    void aRestartKeepsAccountsAndUsersMadeThroughTheApi() {
        JsonNode a = newAccount();
        String domainA = a.get("domain_id").asText();
        iam(a).createUser(new CreateUserRequest().withBody(new CreateUserRequestBody().withUser(
                new CreateUserOption().withName("stays").withDomainId(domainA).withPassword("Stays-pass-1"))));
        Http.Response builtInUser = admin("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"stays-too\","
                + "\"domain_id\":\"" + server.identity().domainId() + "\",\"password\":\"Stays-pass-1\"}}");
        assertThat(builtInUser.status()).isEqualTo(201);

        // A restart applies the configured identity again and retires what earlier configurations left: never
        // what the API made.
        server.close();
        server = start(configure(store.settings()));
        http = new Http(server.endpoint());
        adminToken = http.adminToken();

        String project = a.get("project_id").asText();
        assertThat(http.signed("GET", "/v2/" + project + "/instances", project, a.get("access_key").asText(),
                a.get("secret_key").asText(), null, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).status())
                .isEqualTo(200);
        assertThat(http.token(a.get("domain_name").asText(), a.get("user_name").asText(), PASSWORD, null))
                .isNotBlank();
        assertThat(http.token(a.get("domain_name").asText(), "stays", "Stays-pass-1", null)).isNotBlank();
        assertThat(http.token(Settings.DEFAULT_DOMAIN, "stays-too", "Stays-pass-1", null)).isNotBlank();
        assertThat(iam(a).keystoneListUsers(new KeystoneListUsersRequest()).getUsers())
                .extracting(KeystoneListUsersResult::getEnabled).containsOnly(true);
    }

    @Test
    void aDeletedUsersKeysAndTokensStopAtOnce() {
        JsonNode a = newAccount();
        IamClient iamA = iam(a);
        String domainA = a.get("domain_id").asText();
        String project = a.get("project_id").asText();
        String userId = iamA.createUser(new CreateUserRequest().withBody(new CreateUserRequestBody().withUser(
                new CreateUserOption().withName("temp").withDomainId(domainA).withPassword("Temp-pass-1"))))
                .getUser().getId();
        String adminGroup = iamA.keystoneListGroups(new KeystoneListGroupsRequest()
                .withName(SystemPolicies.ADMIN_GROUP)).getGroups().get(0).getId();
        iamA.keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(adminGroup).withUserId(userId));
        String token = http.token(a.get("domain_name").asText(), "temp", "Temp-pass-1",
                "{\"project\":{\"id\":\"" + project + "\"}}");
        assertThat(http.withToken("GET", "/v2/" + project + "/instances", token, null).status()).isEqualTo(200);
        // A temp user may not delete the account's administrator, nor itself.
        assertThat(http.withToken("DELETE", "/v3/users/" + domainA, token, null).errorCode()).isEqualTo("1107");
        assertThat(http.withToken("DELETE", "/v3/users/" + userId, token, null).errorCode()).isEqualTo("IAM.0003");
        iamA.keystoneDeleteUser(new KeystoneDeleteUserRequest().withUserId(userId));
        assertThat(http.withToken("GET", "/v2/" + project + "/instances", token, null).status()).isEqualTo(401);
        assertThat(iamA.keystoneListUsersForGroupByAdmin(new KeystoneListUsersForGroupByAdminRequest()
                .withGroupId(adminGroup)).getUsers()).extracting(u -> u.getId()).containsExactly(domainA);
    }
}
