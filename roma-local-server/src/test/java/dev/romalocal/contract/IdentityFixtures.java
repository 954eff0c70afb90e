package dev.romalocal.contract;

import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.CreateCredentialOption;
import com.huaweicloud.sdk.iam.v3.model.CreateCloudServiceCustomPolicyRequest;
import com.huaweicloud.sdk.iam.v3.model.CreateCloudServiceCustomPolicyRequestBody;
import com.huaweicloud.sdk.iam.v3.model.CreatePermanentAccessKeyRequest;
import com.huaweicloud.sdk.iam.v3.model.CreatePermanentAccessKeyRequestBody;
import com.huaweicloud.sdk.iam.v3.model.CreatePermanentAccessKeyResponse;
import com.huaweicloud.sdk.iam.v3.model.KeystoneAssociateGroupWithDomainPermissionRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneAssociateGroupWithProjectPermissionRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListPermissionsRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListPermissionsResponse;
import com.huaweicloud.sdk.iam.v3.model.ServicePolicy;
import com.huaweicloud.sdk.iam.v3.model.ServicePolicyRoleOption;
import com.huaweicloud.sdk.iam.v3.model.ServiceStatement;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.IdentitySql;
import dev.romalocal.testing.Sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity set up as a team would: through the IAM SDK as the built-in administrator (policies, grants, access
 * keys). Users, groups and memberships are written into the store ({@link IdentitySql}) until the IAM user and group
 * APIs are served on this branch.
 */
abstract class IdentityFixtures extends ServerFixture {
    static final String PASSWORD = "Secret-pass-1";
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** A user in a group of its own, both new. */
    record Member(String userId, String userName, String groupId) {
    }

    /** An access key and its secret. */
    record Key(String ak, String sk) {
    }

    protected IdentitySql sql() {
        return new IdentitySql(backend(), store);
    }

    protected String domainId() {
        return server.identity().domainId();
    }

    /** The IAM client of the built-in administrator. */
    protected IamClient adminIam() {
        return Sdk.iam(server.endpoint(), Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY, domainId());
    }

    protected static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    protected Member member(String prefix) {
        String name = unique(prefix);
        IdentitySql sql = sql();
        String userId = sql.createUser(domainId(), name, PASSWORD);
        String groupId = sql.createGroup(domainId(), name + "-group");
        sql.addMember(groupId, userId);
        return new Member(userId, name, groupId);
    }

    /** A system policy's id, found by its display name as teams do. */
    protected String systemPolicy(String displayName) {
        KeystoneListPermissionsResponse r = adminIam().keystoneListPermissions(new KeystoneListPermissionsRequest()
                .withDisplayName(displayName));
        assertThat(r.getRoles()).as("system policy %s", displayName).hasSize(1);
        return r.getRoles().get(0).getId();
    }

    protected void grantOnProject(String groupId, String roleId) {
        assertThat(adminIam().keystoneAssociateGroupWithProjectPermission(
                new KeystoneAssociateGroupWithProjectPermissionRequest().withProjectId(PROJECT).withGroupId(groupId)
                        .withRoleId(roleId)).getHttpStatusCode()).isEqualTo(204);
    }

    protected void grantOnAccount(String groupId, String roleId) {
        assertThat(adminIam().keystoneAssociateGroupWithDomainPermission(
                new KeystoneAssociateGroupWithDomainPermissionRequest().withDomainId(domainId()).withGroupId(groupId)
                        .withRoleId(roleId)).getHttpStatusCode()).isEqualTo(204);
    }

    /** A custom policy of the built-in account: one statement per effect given ("Allow" or "Deny" → actions). */
    protected String customPolicy(String displayName, String effect, List<String> actions) {
        return customPolicy(displayName, List.of(statement(effect, actions)));
    }

    protected String customPolicy(String displayName, List<ServiceStatement> statements) {
        return adminIam().createCloudServiceCustomPolicy(new CreateCloudServiceCustomPolicyRequest()
                .withBody(new CreateCloudServiceCustomPolicyRequestBody().withRole(new ServicePolicyRoleOption()
                        .withDisplayName(displayName).withType("XA").withDescription("made by a test")
                        .withPolicy(new ServicePolicy().withVersion("1.1")
                                .withStatement(new ArrayList<>(statements)))))).getRole().getId();
    }

    protected static ServiceStatement statement(String effect, List<String> actions) {
        return new ServiceStatement().withEffect(effect.equals("Allow") ? ServiceStatement.EffectEnum.ALLOW
                : ServiceStatement.EffectEnum.DENY).withAction(new ArrayList<>(actions));
    }

    /** A permanent access key for the user, created by the administrator. */
    protected Key keyFor(String userId) {
        CreatePermanentAccessKeyResponse r = adminIam().createPermanentAccessKey(new CreatePermanentAccessKeyRequest()
                .withBody(new CreatePermanentAccessKeyRequestBody().withCredential(new CreateCredentialOption()
                        .withUserId(userId).withDescription("for a test"))));
        assertThat(r.getHttpStatusCode()).isEqualTo(201);
        return new Key(r.getCredential().getAccess(), r.getCredential().getSecret());
    }

    /** A token of the user scoped to the built-in project. */
    protected String tokenOf(Member m) {
        return http.token(Settings.DEFAULT_DOMAIN, m.userName(), PASSWORD,
                "{\"project\":{\"id\":\"" + PROJECT + "\"}}");
    }

    /** A request signed with the key, for the built-in project. */
    protected Http.Response signed(Key key, String method, String path, String body) {
        return http.signed(method, path, PROJECT, key.ak(), key.sk(), body,
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    }
}
