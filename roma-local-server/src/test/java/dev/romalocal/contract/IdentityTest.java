package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.CreateUserOption;
import com.huaweicloud.sdk.iam.v3.model.CreateUserRequest;
import com.huaweicloud.sdk.iam.v3.model.CreateUserRequestBody;
import com.huaweicloud.sdk.iam.v3.model.CreateUserResponse;
import com.huaweicloud.sdk.iam.v3.model.KeystoneAddUserToGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateGroupOption;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateGroupRequestBody;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateGroupResponse;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateScopedTokenRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateScopedTokenRequestBody;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateScopedTokenResponse;
import com.huaweicloud.sdk.iam.v3.model.KeystoneDeleteGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneDeleteUserRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListGroupsRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListUsersForGroupByAdminRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListUsersRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListUsersResult;
import com.huaweicloud.sdk.iam.v3.model.KeystoneRemoveUserFromGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneShowGroupRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneUserResult;
import com.huaweicloud.sdk.iam.v3.model.ScopeDomainOption;
import com.huaweicloud.sdk.iam.v3.model.ScopeProjectOption;
import com.huaweicloud.sdk.iam.v3.model.ScopedToken;
import com.huaweicloud.sdk.iam.v3.model.ScopedTokenAuth;
import com.huaweicloud.sdk.iam.v3.model.ScopedTokenIdentity;
import com.huaweicloud.sdk.iam.v3.model.ShowUserRequest;
import com.huaweicloud.sdk.iam.v3.model.ShowUserResult;
import com.huaweicloud.sdk.iam.v3.model.TokenSocpeOption;
import com.huaweicloud.sdk.iam.v3.model.UpdateUserOption;
import com.huaweicloud.sdk.iam.v3.model.UpdateUserRequest;
import com.huaweicloud.sdk.iam.v3.model.UpdateUserRequestBody;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.iam.SystemPolicies;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Users, groups and memberships managed through the official IAM SDK ({@code IamClient} with
 * {@code GlobalCredentials}), and what they change for the next request: logins, tokens, permissions. The token
 * method of {@code POST /v3/auth/tokens}. On each store, with a driven clock.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class IdentityTest extends ServerFixture {
    static final String PASSWORD = "Secret-pass-1";
    final MutableClock clock = MutableClock.systemNow();
    final AtomicInteger names = new AtomicInteger();

    @Override
    protected RomaLocal start(Settings settings) {
        return RomaLocal.start(settings, clock);
    }

    IamClient iam() {
        return iam(Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY);
    }

    IamClient iam(String ak, String sk) {
        return IamClient.newBuilder().withCredential(new GlobalCredentials().withAk(ak).withSk(sk))
                .withEndpoint(server.endpoint())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30)).build();
    }

    String domainId() {
        return server.identity().domainId();
    }

    String uniqueName(String prefix) {
        return prefix + "-" + backend.name().toLowerCase() + "-" + names.incrementAndGet();
    }

    CreateUserResponse createUser(String name, String password) {
        return iam().createUser(new CreateUserRequest().withBody(new CreateUserRequestBody().withUser(
                new CreateUserOption().withName(name).withDomainId(domainId()).withPassword(password)
                        .withEmail(name + "@example.com").withDescription("made by " + getClass().getSimpleName()))));
    }

    String login(String user, String password) {
        return http.token(Settings.DEFAULT_DOMAIN, user, password, "{\"project\":{\"id\":\"" + PROJECT + "\"}}");
    }

    Http.Response tryLogin(String user, String password) {
        return http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                Http.tokenBody(Settings.DEFAULT_DOMAIN, user, password, null));
    }

    int list(String token) {
        return http.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).status();
    }

    String adminGroupId() {
        return iam().keystoneListGroups(new KeystoneListGroupsRequest().withName(SystemPolicies.ADMIN_GROUP))
                .getGroups().get(0).getId();
    }

    void update(String userId, UpdateUserOption option) {
        iam().updateUser(new UpdateUserRequest().withUserId(userId)
                .withBody(new UpdateUserRequestBody().withUser(option)));
    }

    static ClientRequestException refused(Runnable call) {
        ClientRequestException e = catchThrowableOfType(ClientRequestException.class, call::run);
        assertThat(e).as("the call was refused").isNotNull();
        assertThat(e.getRequestId()).isNotBlank();
        return e;
    }

    @Test
    void aUserCreatedWithTheSdkLogsInAndIsGovernedByItsGroups() {
        String name = uniqueName("alice");
        CreateUserResponse created = createUser(name, PASSWORD);
        assertThat(created.getHttpStatusCode()).isEqualTo(201);
        String id = created.getUser().getId();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(created.getUser().getName()).isEqualTo(name);
        assertThat(created.getUser().getDomainId()).isEqualTo(domainId());
        assertThat(created.getUser().getEnabled()).isTrue();
        assertThat(created.getUser().getIsDomainOwner()).isFalse();
        assertThat(created.getUser().getCreateTime()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d");

        ShowUserResult shown = iam().showUser(new ShowUserRequest().withUserId(id)).getUser();
        assertThat(shown.getName()).isEqualTo(name);
        assertThat(shown.getEmail()).isEqualTo(name + "@example.com");
        assertThat(shown.getDescription()).isEqualTo("made by IdentityTest");
        assertThat(shown.getLinks().getSelf()).endsWith("/v3.0/OS-USER/users/" + id);
        List<KeystoneListUsersResult> found = iam().keystoneListUsers(new KeystoneListUsersRequest().withName(name))
                .getUsers();
        assertThat(found).extracting(KeystoneListUsersResult::getId).containsExactly(id);
        assertThat(iam().keystoneListUsers(new KeystoneListUsersRequest()).getUsers())
                .extracting(KeystoneListUsersResult::getName).contains(name, Settings.DEFAULT_ADMIN_USER);

        // Logged in, it is someone, but no policy of its (no group yet) allows reading instances.
        String token = login(name, PASSWORD);
        assertThat(http.withToken("GET", "/v3/auth/projects", token, null).status()).isEqualTo(200);
        Http.Response denied = http.withToken("GET", "/v2/" + PROJECT + "/instances", token, null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("APIC.7106");
        // In the admin group it may; out of it again it may not: memberships count from the next request.
        iam().keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(adminGroupId()).withUserId(id));
        assertThat(list(token)).isEqualTo(200);
        iam().keystoneRemoveUserFromGroup(new KeystoneRemoveUserFromGroupRequest().withGroupId(adminGroupId())
                .withUserId(id));
        assertThat(list(token)).isEqualTo(403);
        iam().keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(adminGroupId()).withUserId(id));
        assertThat(list(token)).isEqualTo(200);

        // Disabled: its token is refused at once, and it cannot log in.
        update(id, new UpdateUserOption().withEnabled(false));
        assertThat(list(token)).isEqualTo(401);
        assertThat(tryLogin(name, PASSWORD).status()).isEqualTo(401);
        assertThat(iam().keystoneListUsers(new KeystoneListUsersRequest().withEnabled(false)).getUsers())
                .extracting(KeystoneListUsersResult::getId).contains(id);
        // Enabled again: it logs in again; the token it had stays revoked.
        update(id, new UpdateUserOption().withEnabled(true));
        assertThat(list(token)).isEqualTo(401);
        String second = login(name, PASSWORD);
        assertThat(list(second)).isEqualTo(200);

        // A new password: the tokens issued before are refused, the old password too.
        update(id, new UpdateUserOption().withPassword("Another-pass-2"));
        assertThat(list(second)).isEqualTo(401);
        assertThat(tryLogin(name, PASSWORD).status()).isEqualTo(401);
        String third = login(name, "Another-pass-2");
        assertThat(list(third)).isEqualTo(200);
        ClientRequestException same = refused(() -> update(id, new UpdateUserOption().withPassword("Another-pass-2")));
        assertThat(same.getHttpStatusCode()).isEqualTo(400);
        assertThat(same.getErrorCode()).isEqualTo("1108");

        // Renamed and described anew.
        update(id, new UpdateUserOption().withName(name + "-renamed").withDescription("renamed").withEmail(""));
        ShowUserResult renamed = iam().showUser(new ShowUserRequest().withUserId(id)).getUser();
        assertThat(renamed.getName()).isEqualTo(name + "-renamed");
        assertThat(renamed.getDescription()).isEqualTo("renamed");
        assertThat(renamed.getEmail()).isEmpty();
        assertThat(list(third)).isEqualTo(200);

        // Deleted: gone, its token refused.
        assertThat(iam().keystoneDeleteUser(new KeystoneDeleteUserRequest().withUserId(id)).getHttpStatusCode())
                .isEqualTo(204);
        assertThat(list(third)).isEqualTo(401);
        ClientRequestException gone = refused(() -> iam().showUser(new ShowUserRequest().withUserId(id)));
        assertThat(gone.getHttpStatusCode()).isEqualTo(404);
        assertThat(gone.getErrorCode()).isEqualTo("IAM.0004");
        assertThat(refused(() -> iam().keystoneDeleteUser(new KeystoneDeleteUserRequest().withUserId(id)))
                .getHttpStatusCode()).isEqualTo(404);
        // The name is free again.
        assertThat(createUser(name, PASSWORD).getUser().getId()).isNotEqualTo(id);
    }

    @Test
    void usersCannotDisableOrDeleteThemselvesNorTheAccountAdministrator() {
        String adminId = server.identity().userId();
        ClientRequestException self = refused(() -> iam().keystoneDeleteUser(new KeystoneDeleteUserRequest()
                .withUserId(adminId)));
        assertThat(self.getHttpStatusCode()).isEqualTo(403);
        assertThat(self.getErrorCode()).isEqualTo("IAM.0003");
        assertThat(refused(() -> update(adminId, new UpdateUserOption().withEnabled(false))).getErrorCode())
                .isEqualTo("IAM.0003");
        assertThat(refused(() -> update(adminId, new UpdateUserOption().withName("someone-else"))).getErrorCode())
                .isEqualTo("IAM.0003");

        // Another administrator of the account cannot delete, disable or demote the built-in one either.
        String name = uniqueName("second-admin");
        String id = createUser(name, PASSWORD).getUser().getId();
        iam().keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(adminGroupId()).withUserId(id));
        String token = login(name, PASSWORD);
        Http.Response delete = http.withToken("DELETE", "/v3/users/" + adminId, token, null);
        assertThat(delete.status()).isEqualTo(400);
        assertThat(delete.errorCode()).isEqualTo("1107");
        assertThat(delete.json().get("error_msg").asText()).isEqualTo("The account administrator cannot be deleted.");
        assertThat(delete.json().at("/error/code").asInt()).as("Keystone's form too").isEqualTo(400);
        assertThat(http.withToken("PUT", "/v3.0/OS-USER/users/" + adminId, token,
                "{\"user\":{\"enabled\":false}}").status()).isEqualTo(403);
        assertThat(http.withToken("DELETE", "/v3/groups/" + adminGroupId() + "/users/" + adminId, token, null)
                .status()).isEqualTo(403);
        // ... but the built-in administrator can remove the second one.
        assertThat(iam().keystoneDeleteUser(new KeystoneDeleteUserRequest().withUserId(id)).getHttpStatusCode())
                .isEqualTo(204);
        assertThat(list(adminToken)).isEqualTo(200);
    }

    @Test
    void groupsMembersAndDeletingAGroupWithItsGrants() throws SQLException {
        String groupName = uniqueName("readers");
        KeystoneCreateGroupResponse created = iam().keystoneCreateGroup(new KeystoneCreateGroupRequest().withBody(
                new KeystoneCreateGroupRequestBody().withGroup(new KeystoneCreateGroupOption().withName(groupName)
                        .withDescription("read-only people").withDomainId(domainId()))));
        assertThat(created.getHttpStatusCode()).isEqualTo(201);
        String groupId = created.getGroup().getId();
        assertThat(created.getGroup().getDomainId()).isEqualTo(domainId());
        assertThat(created.getGroup().getLinks().getSelf()).endsWith("/v3/groups/" + groupId);
        assertThat(created.getGroup().getCreateTime()).isPositive();
        assertThat(iam().keystoneShowGroup(new KeystoneShowGroupRequest().withGroupId(groupId)).getGroup()
                .getDescription()).isEqualTo("read-only people");
        assertThat(iam().keystoneListGroups(new KeystoneListGroupsRequest().withName(groupName)).getGroups())
                .hasSize(1);
        assertThat(iam().keystoneListGroups(new KeystoneListGroupsRequest()).getGroups())
                .extracting(g -> g.getName()).contains(SystemPolicies.ADMIN_GROUP, groupName);
        ClientRequestException duplicate = refused(() -> iam().keystoneCreateGroup(new KeystoneCreateGroupRequest()
                .withBody(new KeystoneCreateGroupRequestBody().withGroup(new KeystoneCreateGroupOption()
                        .withName(groupName)))));
        assertThat(duplicate.getHttpStatusCode()).isEqualTo(409);

        String userName = uniqueName("reader");
        String userId = createUser(userName, PASSWORD).getUser().getId();
        iam().keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(groupId).withUserId(userId));
        iam().keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(groupId).withUserId(userId));
        assertThat(iam().keystoneListUsersForGroupByAdmin(new KeystoneListUsersForGroupByAdminRequest()
                .withGroupId(groupId)).getUsers()).extracting(KeystoneUserResult::getId).containsExactly(userId);

        // The group is granted "ROMA ReadOnlyAccess" on the project (written directly: grants are managed elsewhere).
        grant(groupId, SystemPolicies.READ_ONLY.id(), PROJECT);
        String token = login(userName, PASSWORD);
        assertThat(list(token)).isEqualTo(200);
        assertThat(http.withToken("POST", "/v3/" + PROJECT + "/roma/instances", token, "{}").status())
                .isEqualTo(403);

        // Out of the group: nothing; back in: reads again.
        iam().keystoneRemoveUserFromGroup(new KeystoneRemoveUserFromGroupRequest().withGroupId(groupId)
                .withUserId(userId));
        assertThat(list(token)).isEqualTo(403);
        ClientRequestException notMember = refused(() -> iam().keystoneRemoveUserFromGroup(
                new KeystoneRemoveUserFromGroupRequest().withGroupId(groupId).withUserId(userId)));
        assertThat(notMember.getHttpStatusCode()).isEqualTo(404);
        iam().keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(groupId).withUserId(userId));
        assertThat(list(token)).isEqualTo(200);

        // Deleting the group takes its memberships and grants with it, at once.
        assertThat(iam().keystoneDeleteGroup(new KeystoneDeleteGroupRequest().withGroupId(groupId))
                .getHttpStatusCode()).isEqualTo(204);
        assertThat(list(token)).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM role_grants WHERE group_id = ?", groupId)).isZero();
        assertThat(count("SELECT COUNT(*) FROM group_members WHERE group_id = ?", groupId)).isZero();
        assertThat(refused(() -> iam().keystoneShowGroup(new KeystoneShowGroupRequest().withGroupId(groupId)))
                .getErrorCode()).isEqualTo("IAM.0004");
        // The admin group stays.
        ClientRequestException admin = refused(() -> iam().keystoneDeleteGroup(new KeystoneDeleteGroupRequest()
                .withGroupId(adminGroupId())));
        assertThat(admin.getHttpStatusCode()).isEqualTo(403);
        assertThat(admin.getErrorCode()).isEqualTo("IAM.0003");
        // Unknown ids.
        assertThat(refused(() -> iam().keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest()
                .withGroupId(adminGroupId()).withUserId("0".repeat(32)))).getHttpStatusCode()).isEqualTo(404);
        iam().keystoneDeleteUser(new KeystoneDeleteUserRequest().withUserId(userId));
    }

    @Test
    void theTokenMethodRescopesATokenThatExpiresNoLaterThanItsSource() {
        String domainToken = http.token(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER,
                Settings.DEFAULT_ADMIN_PASSWORD, "{\"domain\":{\"name\":\"" + Settings.DEFAULT_DOMAIN + "\"}}");
        assertThat(list(domainToken)).as("a domain-scoped token reads no project").isEqualTo(403);
        KeystoneCreateScopedTokenResponse scoped = iam().keystoneCreateScopedToken(
                new KeystoneCreateScopedTokenRequest().withBody(new KeystoneCreateScopedTokenRequestBody()
                        .withAuth(new ScopedTokenAuth()
                                .withIdentity(new ScopedTokenIdentity().withMethods(List.of("token"))
                                        .withToken(new ScopedToken().withId(domainToken)))
                                .withScope(new TokenSocpeOption().withProject(new ScopeProjectOption()
                                        .withName(Settings.DEFAULT_PROJECT_NAME)
                                        .withDomain(new ScopeDomainOption().withName(Settings.DEFAULT_DOMAIN)))))));
        assertThat(scoped.getHttpStatusCode()).isEqualTo(201);
        String projectToken = scoped.getXSubjectToken();
        assertThat(projectToken).isNotBlank().isNotEqualTo(domainToken);
        assertThat(scoped.getToken().getMethods()).containsExactly("token");
        assertThat(scoped.getToken().getProject().getId()).isEqualTo(PROJECT);
        assertThat(list(projectToken)).isEqualTo(200);

        // Twenty hours later, a token made from the domain token expires with it, not 24 hours on.
        clock.advance(Duration.ofHours(20));
        try {
            Http.Response late = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                    tokenMethodBody(domainToken, "{\"project\":{\"id\":\"" + PROJECT + "\"}}"));
            assertThat(late.status()).isEqualTo(201);
            assertThat(late.json().at("/token/expires_at").asText())
                    .isEqualTo(scoped.getToken().getExpiresAt());
            String lateToken = late.header("X-Subject-Token");
            clock.advance(Duration.ofHours(4).plusSeconds(1));
            assertThat(list(lateToken)).isEqualTo(401);
            assertThat(list(projectToken)).isEqualTo(401);
            Http.Response expired = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                    tokenMethodBody(domainToken, null));
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.errorCode()).isEqualTo("IAM.0001");
            assertThat(expired.header("X-Roma-Local-Reason")).contains("expired");
        } finally {
            clock.advance(Duration.ofHours(-24).minusSeconds(1));
            adminToken = http.adminToken();
        }

        // Revoked and unknown tokens give nothing; another account's project is not in scope.
        String other = http.adminToken();
        http.send("DELETE", "/v3/auth/tokens", Map.of("X-Auth-Token", adminToken, "X-Subject-Token", other), null);
        for (String bad : List.of(other, "MIIRLnever-issued", "x".repeat(20_000))) {
            Http.Response r = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                    tokenMethodBody(bad, null));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().at("/error/title").asText()).isEqualTo("Unauthorized");
        }
        Http.Response elsewhere = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                tokenMethodBody(adminToken, "{\"project\":{\"id\":\"fedcba9876543210fedcba9876543210\"}}"));
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.errorCode()).isEqualTo("IAM.0007");
        // Both methods at once is not a thing.
        Http.Response both = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                "{\"auth\":{\"identity\":{\"methods\":[\"password\",\"token\"],\"token\":{\"id\":\"x\"}}}}");
        assertThat(both.status()).isEqualTo(400);
    }

    @Test
    void theTokenTableRecordsTheMethod() throws SQLException {
        String token = http.token(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER,
                Settings.DEFAULT_ADMIN_PASSWORD, null);
        Http.Response r = http.send("POST", "/v3/auth/tokens?nocatalog=1", Map.of("Content-Type", "application/json"),
                tokenMethodBody(token, "{\"domain\":{\"id\":\"" + domainId() + "\"}}"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().at("/token/domain/id").asText()).isEqualTo(domainId());
        assertThat(r.json().get("token").has("catalog")).isFalse();
        Http.Response validated = http.send("GET", "/v3/auth/tokens", Map.of("X-Auth-Token", adminToken,
                "X-Subject-Token", r.header("X-Subject-Token")), null);
        assertThat(validated.json().at("/token/methods/0").asText()).isEqualTo("token");
        assertThat(count("SELECT COUNT(*) FROM tokens WHERE methods = ?", "token")).isPositive();
    }

    @Test
    void badUserAndGroupBodiesAreIamErrors() {
        record Case(String method, String path, String body, int status, String code) {
        }
        String existing = server.identity().userId();
        List<Case> cases = List.of(
                new Case("POST", "/v3.0/OS-USER/users", "{}", 400, "IAM.0007"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"x\"}}", 400, "IAM.0007"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"x\",\"domain_id\":\"" + domainId()
                        + "\",\"colour\":\"red\"}}", 400, "IAM.0007"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":1,\"domain_id\":\"" + domainId()
                        + "\"}}", 400, "IAM.0007"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"9lives\",\"domain_id\":\"" + domainId()
                        + "\"}}", 400, "1101"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"" + "n".repeat(65)
                        + "\",\"domain_id\":\"" + domainId() + "\"}}", 400, "1101"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"ok-name\",\"domain_id\":\""
                        + domainId() + "\",\"email\":\"not-an-email\"}}", 400, "1102"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"ok-name\",\"domain_id\":\""
                        + domainId() + "\",\"password\":\"short1\"}}", 400, "1103"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"ok-name\",\"domain_id\":\""
                        + domainId() + "\",\"password\":\"alllowercase\"}}", 400, "1103"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"EmaN-ko\",\"domain_id\":\""
                        + domainId() + "\",\"password\":\"ok-NamE\"}}", 400, "1103"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"" + Settings.DEFAULT_ADMIN_USER
                        + "\",\"domain_id\":\"" + domainId() + "\"}}", 400, "1109"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"ok-name\",\"domain_id\":\""
                        + "fedcba9876543210fedcba9876543210\"}}", 403, "IAM.0003"),
                new Case("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"ok-name\",\"domain_id\":\""
                        + domainId() + "\",\"access_mode\":\"telepathy\"}}", 400, "IAM.0007"),
                new Case("PUT", "/v3.0/OS-USER/users/" + existing, "{\"user\":{\"domain_id\":\"x\"}}", 400,
                        "IAM.0007"),
                new Case("PUT", "/v3.0/OS-USER/users/" + existing, "{\"user\":{\"enabled\":\"no\"}}", 400,
                        "IAM.0007"),
                new Case("PUT", "/v3.0/OS-USER/users/" + existing, "{\"user\":{\"name\":\"\"}}", 400, "IAM.0007"),
                new Case("PUT", "/v3.0/OS-USER/users/" + existing, "", 400, "IAM.0007"),
                new Case("PUT", "/v3.0/OS-USER/users/a%2Fb", "{\"user\":{}}", 400, "IAM.0007"),
                new Case("GET", "/v3.0/OS-USER/users/" + "0".repeat(32), null, 404, "IAM.0004"),
                new Case("GET", "/v3/users?enabled=maybe", null, 400, "IAM.0007"),
                new Case("GET", "/v3/users?password_expires_at=soon", null, 400, "IAM.0007"),
                new Case("GET", "/v3/users?password_expires_at=lt:tomorrow", null, 400, "IAM.0007"),
                new Case("POST", "/v3/groups", "{\"group\":{}}", 400, "IAM.0007"),
                new Case("POST", "/v3/groups", "{\"group\":{\"name\":\"   \"}}", 400, "IAM.0007"),
                new Case("POST", "/v3/groups", "{\"group\":{\"name\":\"a\\u0000b\"}}", 400, "IAM.0007"),
                new Case("POST", "/v3/groups", "{\"group\":{\"name\":\"g\",\"description\":\"" + "d".repeat(256)
                        + "\"}}", 400, "IAM.0007"),
                new Case("POST", "/v3/groups", "{\"groups\":{\"name\":\"g\"}}", 400, "IAM.0007"),
                new Case("DELETE", "/v3/groups/" + "0".repeat(32), null, 404, "IAM.0004"));
        for (Case c : cases) {
            Http.Response r = admin(c.method(), c.path(), c.body());
            assertThat(r.status()).as("%s %s %s: %s", c.method(), c.path(), c.body(), r.text()).isEqualTo(c.status());
            assertThat(r.errorCode()).as("%s %s %s", c.method(), c.path(), c.body()).isEqualTo(c.code());
            JsonNode json = r.json();
            assertThat(json.get("error_msg").isTextual()).isTrue();
            assertThat(json.at("/error/code").asInt()).isEqualTo(c.status());
        }
        // Filters that find nothing rather than fail.
        assertThat(admin("GET", "/v3/users?password_expires_at=lt:2030-01-01T00:00:00Z", null).json().get("users"))
                .isEmpty();
        assertThat(admin("GET", "/v3/users?domain_id=fedcba9876543210fedcba9876543210", null).json().get("users"))
                .isEmpty();
        assertThat(admin("GET", "/v3/groups?domain_id=fedcba9876543210fedcba9876543210", null).json().get("groups"))
                .isEmpty();
    }

    /** Generated user and group fields: every answer is a 2xx or a documented IAM error, never a 500. */
    @Test
    void generatedFieldValuesNeverBreakTheContract() {
        long seed = Long.getLong("roma.identity.seed", System.nanoTime());
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String rerun = " (rerun with -Droma.identity.seed=" + seed + ")";
        String[] fragments = {"a", "Z", "0", "9", " ", "-", "_", ".", "@", "é", "日本", "\\u0000", "\\n", "'", "\\\"",
                "%", "*", "<script>", "😀", "x".repeat(40), "Passw0rd!", "\\ud800"};
        String[] fields = {"name", "password", "email", "description"};
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < Integer.getInteger("roma.identity.cases", 60); i++) {
            StringBuilder user = new StringBuilder("{\"user\":{\"domain_id\":\"" + domainId() + "\"");
            for (String field : fields) {
                if (field.equals("name") || r.nextInt(3) > 0) {
                    StringBuilder v = new StringBuilder();
                    int n = 1 + r.nextInt(6);
                    for (int k = 0; k < n; k++) {
                        v.append(fragments[r.nextInt(fragments.length)]);
                    }
                    user.append(",\"").append(field).append("\":\"").append(v).append('"');
                }
            }
            String body = user.append("}}").toString();
            Http.Response resp = admin("POST", "/v3.0/OS-USER/users", body);
            assertThat(resp.status()).as(body + " -> " + resp.text() + rerun).isIn(201, 400);
            if (resp.status() == 201) {
                created.add(resp.json().at("/user/id").asText());
            } else {
                assertThat(resp.errorCode()).as(body + rerun).isIn("IAM.0007", "1101", "1102", "1103", "1109");
                assertThat(resp.json().at("/error/title").asText()).isEqualTo("Bad Request");
            }
            String group = body.replace("\"user\"", "\"group\"").replaceAll(",\"(password|email)\":\"[^\"]*\"", "");
            Http.Response g = admin("POST", "/v3/groups", group);
            assertThat(g.status()).as(group + " -> " + g.text() + rerun).isIn(201, 400, 409);
            if (g.status() == 201) {
                assertThat(admin("DELETE", "/v3/groups/" + g.json().at("/group/id").asText(), null).status())
                        .isEqualTo(204);
            }
        }
        for (String id : created) {
            assertThat(admin("DELETE", "/v3/users/" + id, null).status()).isEqualTo(204);
        }
    }

    static String tokenMethodBody(String token, String scopeJson) {
        return "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"" + token + "\"}}"
                + (scopeJson == null ? "" : ",\"scope\":" + scopeJson) + "}}";
    }

    // --- direct store access, for what other APIs manage (grants) and what the API does not show ---------------

    Connection connect() throws SQLException {
        Settings.Store s = store.settings().store();
        if (s.jdbcUrl() != null) {
            return DriverManager.getConnection(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
        }
        return DriverManager.getConnection(dev.romalocal.store.Database.h2FileUrl(s.dataDir().resolve("roma-local")),
                "sa", "");
    }

    void grant(String groupId, String roleId, String projectId) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO role_grants (group_id, role_id, scope_id, domain_scope) VALUES (?, ?, ?, FALSE)")) {
            st.setString(1, groupId);
            st.setString(2, roleId);
            st.setString(3, projectId);
            st.executeUpdate();
        }
    }

    long count(String sql, String arg) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
