package dev.romalocal.contract;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.AgencyAuth;
import com.huaweicloud.sdk.iam.v3.model.AgencyAuthIdentity;
import com.huaweicloud.sdk.iam.v3.model.CreateCredentialOption;
import com.huaweicloud.sdk.iam.v3.model.CreatePermanentAccessKeyRequest;
import com.huaweicloud.sdk.iam.v3.model.CreatePermanentAccessKeyRequestBody;
import com.huaweicloud.sdk.iam.v3.model.CreateTemporaryAccessKeyByAgencyRequest;
import com.huaweicloud.sdk.iam.v3.model.CreateTemporaryAccessKeyByAgencyRequestBody;
import com.huaweicloud.sdk.iam.v3.model.CreateTemporaryAccessKeyByTokenRequest;
import com.huaweicloud.sdk.iam.v3.model.CreateTemporaryAccessKeyByTokenRequestBody;
import com.huaweicloud.sdk.iam.v3.model.CreateTemporaryAccessKeyByTokenResponse;
import com.huaweicloud.sdk.iam.v3.model.Credentials;
import com.huaweicloud.sdk.iam.v3.model.DeletePermanentAccessKeyRequest;
import com.huaweicloud.sdk.iam.v3.model.IdentityAssumerole;
import com.huaweicloud.sdk.iam.v3.model.IdentityToken;
import com.huaweicloud.sdk.iam.v3.model.ListPermanentAccessKeysRequest;
import com.huaweicloud.sdk.iam.v3.model.ShowPermanentAccessKeyRequest;
import com.huaweicloud.sdk.iam.v3.model.TokenAuth;
import com.huaweicloud.sdk.iam.v3.model.TokenAuthIdentity;
import com.huaweicloud.sdk.iam.v3.model.UpdateCredentialOption;
import com.huaweicloud.sdk.iam.v3.model.UpdatePermanentAccessKeyRequest;
import com.huaweicloud.sdk.iam.v3.model.UpdatePermanentAccessKeyRequestBody;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.iam.SdkSigning;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.MutableClock;
import dev.romalocal.testing.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Permanent and temporary access keys through the IAM SDK: a user manages its own keys, the administrator anyone's
 * in the account; deactivated and deleted keys answer 401 from their next request; at most two per user; keys of
 * another account are not found; temporary keys are stored with their token's digest and expiry.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AccessKeysTest extends IdentityFixtures {
    static final DateTimeFormatter IAM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000Z'")
            .withZone(ZoneOffset.UTC);
    final MutableClock clock = MutableClock.systemNow();

    @Override
    protected RomaLocal start(Settings settings) {
        return RomaLocal.start(settings, clock);
    }

    IamClient iamOf(Key key) {
        return Sdk.iam(server.endpoint(), key.ak(), key.sk(), domainId());
    }

    static void expectError(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClientRequestException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(status);
            assertThat(e.getErrorCode()).isEqualTo(code);
        });
    }

    @Test
    void aUserManagesItsOwnKeysAndAChangeCountsFromTheNextRequest() {
        Member m = member("keyholder");
        Key first = keyFor(m.userId());
        assertThat(first.ak()).matches("[A-Z0-9]{20}");
        assertThat(first.sk()).matches("[A-Za-z0-9]{40}");
        IamClient user = iamOf(first);
        List<Credentials> listed = user.listPermanentAccessKeys(new ListPermanentAccessKeysRequest()).getCredentials();
        assertThat(listed).extracting(Credentials::getAccess).containsExactly(first.ak());
        assertThat(listed.get(0).getStatus()).isEqualTo("active");
        assertThat(listed.get(0).getUserId()).isEqualTo(m.userId());
        assertThat(listed.get(0).getDescription()).isEqualTo("for a test");
        assertThat(listed.get(0).getCreateTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        var shown = user.showPermanentAccessKey(new ShowPermanentAccessKeyRequest().withAccessKey(first.ak()))
                .getCredential();
        assertThat(shown.getAccess()).isEqualTo(first.ak());

        // Its own second key; a third is over IAM's limit.
        var second = user.createPermanentAccessKey(new CreatePermanentAccessKeyRequest().withBody(
                new CreatePermanentAccessKeyRequestBody().withCredential(new CreateCredentialOption()
                        .withUserId(m.userId())))).getCredential();
        Key secondKey = new Key(second.getAccess(), second.getSecret());
        expectError(() -> user.createPermanentAccessKey(new CreatePermanentAccessKeyRequest().withBody(
                new CreatePermanentAccessKeyRequestBody().withCredential(new CreateCredentialOption()
                        .withUserId(m.userId())))), 400, "ROMALOCAL.4001");

        // Another user's keys are not its business; the administrator's they are.
        String adminId = server.identity().userId();
        expectError(() -> user.listPermanentAccessKeys(new ListPermanentAccessKeysRequest().withUserId(adminId)),
                403, "APIC.7106");
        expectError(() -> user.showPermanentAccessKey(new ShowPermanentAccessKeyRequest()
                .withAccessKey(Settings.DEFAULT_ACCESS_KEY)), 403, "APIC.7106");
        expectError(() -> user.createPermanentAccessKey(new CreatePermanentAccessKeyRequest().withBody(
                new CreatePermanentAccessKeyRequestBody().withCredential(new CreateCredentialOption()
                        .withUserId(adminId)))), 403, "APIC.7106");
        assertThat(adminIam().listPermanentAccessKeys(new ListPermanentAccessKeysRequest().withUserId(m.userId()))
                .getCredentials()).hasSize(2);

        // Deactivated: refused on its next request; active again: accepted.
        IamClient viaSecond = iamOf(secondKey);
        var off = viaSecond.updatePermanentAccessKey(new UpdatePermanentAccessKeyRequest().withAccessKey(first.ak())
                .withBody(new UpdatePermanentAccessKeyRequestBody().withCredential(new UpdateCredentialOption()
                        .withStatus(UpdateCredentialOption.StatusEnum.INACTIVE).withDescription("off"))))
                .getCredential();
        assertThat(off.getStatus()).isEqualTo("inactive");
        assertThat(off.getDescription()).isEqualTo("off");
        expectError(() -> user.listPermanentAccessKeys(new ListPermanentAccessKeysRequest()), 401, "APIGW.0301");
        adminIam().updatePermanentAccessKey(new UpdatePermanentAccessKeyRequest().withAccessKey(first.ak())
                .withBody(new UpdatePermanentAccessKeyRequestBody().withCredential(new UpdateCredentialOption()
                        .withStatus(UpdateCredentialOption.StatusEnum.ACTIVE))));
        assertThat(user.listPermanentAccessKeys(new ListPermanentAccessKeysRequest()).getCredentials()).hasSize(2);

        // Deleted: refused, and gone.
        assertThat(viaSecond.deletePermanentAccessKey(new DeletePermanentAccessKeyRequest()
                .withAccessKey(first.ak())).getHttpStatusCode()).isEqualTo(204);
        expectError(() -> user.listPermanentAccessKeys(new ListPermanentAccessKeysRequest()), 401, "APIGW.0301");
        expectError(() -> viaSecond.showPermanentAccessKey(new ShowPermanentAccessKeyRequest()
                .withAccessKey(first.ak())), 404, "IAM.0004");
        assertThat(viaSecond.listPermanentAccessKeys(new ListPermanentAccessKeysRequest()).getCredentials())
                .extracting(Credentials::getAccess).containsExactly(secondKey.ak());
    }

    @Test
    void keysAndUsersOfAnotherAccountAreNotFound() {
        String other = sql().createAccount(unique("elsewhere"), unique("p").replace("-", "") + "x", "cn-north-4");
        String theirUser = sql().createUser(other, "theirs", PASSWORD);
        IamClient admin = adminIam();
        expectError(() -> admin.createPermanentAccessKey(new CreatePermanentAccessKeyRequest().withBody(
                new CreatePermanentAccessKeyRequestBody().withCredential(new CreateCredentialOption()
                        .withUserId(theirUser)))), 404, "IAM.0004");
        expectError(() -> admin.listPermanentAccessKeys(new ListPermanentAccessKeysRequest().withUserId(theirUser)),
                404, "IAM.0004");
        expectError(() -> admin.listPermanentAccessKeys(new ListPermanentAccessKeysRequest().withUserId("nobody")),
                404, "IAM.0004");
        expectError(() -> admin.showPermanentAccessKey(new ShowPermanentAccessKeyRequest()
                .withAccessKey("NOSUCHKEY")), 404, "IAM.0004");
    }

    @Test
    void badKeyRequestsAreRefusedNamingTheField() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "credential");
        cases.put("{\"credential\":{}}", "credential.user_id");
        cases.put("{\"credential\":{\"user_id\":1}}", "credential.user_id");
        cases.put("{\"credential\":{\"user_id\":\"u\",\"description\":\"" + "d".repeat(256) + "\"}}",
                "credential.description");
        cases.put("{\"credential\":{\"user_id\":\"u\",\"color\":\"red\"}}", "credential.color");
        cases.put("{\"credential\":{\"user_id\":\"u\",\"description\":\"configured at start\"}}",
                "credential.description");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Http.Response r = admin("POST", "/v3.0/OS-CREDENTIAL/credentials", c.getKey());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("IAM.0007");
            assertThat(r.json().get("error_msg").asText()).contains(c.getValue());
        }
        Http.Response status = admin("PUT", "/v3.0/OS-CREDENTIAL/credentials/" + Settings.DEFAULT_ACCESS_KEY,
                "{\"credential\":{\"status\":\"paused\"}}");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("error_msg").asText()).contains("credential.status");
    }

    @Test
    void theConfiguredKeyMayBeDeactivatedAndTheNextStartEnablesItAgain() {
        String path = "/v3.0/OS-CREDENTIAL/credentials/" + Settings.DEFAULT_ACCESS_KEY;
        assertThat(http.signed("GET", "/v2/" + PROJECT + "/instances", null).status()).isEqualTo(200);
        Http.Response off = admin("PUT", path, "{\"credential\":{\"status\":\"inactive\"}}");
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertThat(off.json().at("/credential/description").asText()).isEqualTo("configured at start");
        assertThat(http.signed("GET", "/v2/" + PROJECT + "/instances", null).status()).isEqualTo(401);

        server.close();
        server = start(configure(store.settings()));
        http = new Http(server.endpoint());
        adminToken = http.adminToken();
        assertThat(http.signed("GET", "/v2/" + PROJECT + "/instances", null).status()).isEqualTo(200);
        assertThat(admin("GET", path, null).json().at("/credential/status").asText()).isEqualTo("active");
    }

    @Test
    void temporaryKeysAreIssuedForAValidTokenAndStoredWithTheirDigestAndExpiry() {
        Member m = member("temporary");
        Key key = keyFor(m.userId());
        String token = tokenOf(m);
        CreateTemporaryAccessKeyByTokenResponse r = iamOf(key).createTemporaryAccessKeyByToken(
                new CreateTemporaryAccessKeyByTokenRequest().withBody(new CreateTemporaryAccessKeyByTokenRequestBody()
                        .withAuth(new TokenAuth().withIdentity(new TokenAuthIdentity()
                                .withMethods(List.of(TokenAuthIdentity.MethodsEnum.TOKEN))
                                .withToken(new IdentityToken().withId(token).withDurationSeconds(3600))))));
        assertThat(r.getHttpStatusCode()).isEqualTo(201);
        var c = r.getCredential();
        long now = clock.millis();
        assertThat(c.getAccess()).matches("[A-Z0-9]{20}");
        assertThat(c.getSecret()).matches("[A-Za-z0-9]{40}");
        assertThat(c.getSecuritytoken()).isNotBlank();
        assertThat(c.getExpiresAt()).isEqualTo(IAM_TIME.format(Instant.ofEpochMilli(now + 3_600_000)));
        assertThat(sql().queryString("SELECT user_id FROM access_keys WHERE access_key = ?", c.getAccess()))
                .isEqualTo(m.userId());
        assertThat(sql().queryString("SELECT security_token_hash FROM access_keys WHERE access_key = ?",
                c.getAccess())).isEqualTo(SdkSigning.sha256Hex(c.getSecuritytoken().getBytes(StandardCharsets.UTF_8)));
        assertThat(sql().queryString("SELECT expires_at FROM access_keys WHERE access_key = ?", c.getAccess()))
                .isEqualTo(String.valueOf(now + 3_600_000));
        // Temporary keys are not permanent ones: not listed, not managed.
        assertThat(iamOf(key).listPermanentAccessKeys(new ListPermanentAccessKeysRequest()).getCredentials())
                .extracting(Credentials::getAccess).containsExactly(key.ak());
        assertThat(admin("GET", "/v3.0/OS-CREDENTIAL/credentials/" + c.getAccess(), null).status()).isEqualTo(404);

        // With a token in X-Auth-Token and no token id: that token, 900 seconds.
        Http.Response byHeader = http.withToken("POST", "/v3.0/OS-CREDENTIAL/securitytokens", token,
                "{\"auth\":{\"identity\":{\"methods\":[\"token\"]}}}");
        assertThat(byHeader.status()).as(byHeader.text()).isEqualTo(201);
        assertThat(byHeader.json().at("/credential/expires_at").asText())
                .isEqualTo(IAM_TIME.format(Instant.ofEpochMilli(clock.millis() + 900_000)));

        // Out of bounds, without a token, through an agency, with a session policy, with a revoked token.
        String path = "/v3.0/OS-CREDENTIAL/securitytokens";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put(temporaryBody(token, 899), "auth.identity.token.duration_seconds");
        bad.put(temporaryBody(token, 86_401), "auth.identity.token.duration_seconds");
        bad.put("{\"auth\":{\"identity\":{\"methods\":[\"token\"]}}}", "auth.identity.token.id");
        bad.put("{\"auth\":{\"identity\":{\"methods\":[\"password\"]}}}", "auth.identity.methods");
        bad.put("{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"" + token + "\"},\"policy\":"
                + "{\"Version\":\"1.1\",\"Statement\":[]}}}}", "auth.identity.policy");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Http.Response resp = signed(key, "POST", path, b.getKey());
            assertThat(resp.status()).as(b.getKey()).isEqualTo(400);
            assertThat(resp.errorCode()).isEqualTo("IAM.0007");
            assertThat(resp.json().get("error_msg").asText()).contains(b.getValue());
        }
        assertThatThrownBy(() -> iamOf(key).createTemporaryAccessKeyByAgency(new CreateTemporaryAccessKeyByAgencyRequest()
                .withBody(new CreateTemporaryAccessKeyByAgencyRequestBody().withAuth(new AgencyAuth().withIdentity(
                        new AgencyAuthIdentity().withMethods(List.of(AgencyAuthIdentity.MethodsEnum.ASSUME_ROLE))
                                .withAssumeRole(new IdentityAssumerole().withAgencyName("a")
                                        .withDomainName("d")))))))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorMsg()).contains("assume_role");
                });
        assertThat(http.send("DELETE", "/v3/auth/tokens", Map.of("X-Auth-Token", adminToken, "X-Subject-Token",
                token), null).status()).isEqualTo(204);
        Http.Response revoked = signed(key, "POST", path, temporaryBody(token, 900));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("X-Roma-Local-Reason")).contains("revoked");
    }

    static String temporaryBody(String token, int seconds) {
        return "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"" + token
                + "\",\"duration_seconds\":" + seconds + "}}}}";
    }
}
