package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.AuthScope;
import com.huaweicloud.sdk.iam.v3.model.AuthScopeProject;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateUserTokenByPasswordRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateUserTokenByPasswordRequestBody;
import com.huaweicloud.sdk.iam.v3.model.KeystoneCreateUserTokenByPasswordResponse;
import com.huaweicloud.sdk.iam.v3.model.KeystoneValidateTokenRequest;
import com.huaweicloud.sdk.iam.v3.model.PwdAuth;
import com.huaweicloud.sdk.iam.v3.model.PwdIdentity;
import com.huaweicloud.sdk.iam.v3.model.PwdPassword;
import com.huaweicloud.sdk.iam.v3.model.PwdPasswordUser;
import com.huaweicloud.sdk.iam.v3.model.PwdPasswordUserDomain;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials over plain HTTP and through the IAM SDK: password tokens (issue, use, validate, revoke, expire),
 * project scoping, AK/SK signatures (skew, query and body canonicalization) and the SDK's project discovery.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class TokenTest extends ServerFixture {
    final MutableClock clock = MutableClock.systemNow();

    @Override
    protected RomaLocal start(Settings settings) {
        return RomaLocal.start(settings, clock);
    }

    String detailPath(String id) {
        return "/v2/" + PROJECT + "/apic/instances/" + id;
    }

    @Test
    void issueATokenAndReadWithIt() {
        upsertOk("tok-1", "{}");
        Http.Response issued = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                Http.tokenBody("roma-local", "admin", "roma-local-admin",
                        "{\"project\":{\"name\":\"cn-north-4\"}}"));
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.header("X-Subject-Token");
        assertThat(token).isNotBlank();
        JsonNode t = issued.json().get("token");
        assertThat(t.get("methods").get(0).asText()).isEqualTo("password");
        assertThat(t.at("/project/id").asText()).isEqualTo(PROJECT);
        assertThat(t.at("/project/name").asText()).isEqualTo("cn-north-4");
        assertThat(t.at("/user/name").asText()).isEqualTo("admin");
        assertThat(t.at("/user/domain/name").asText()).isEqualTo("roma-local");
        assertThat(t.get("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(t.get("catalog").isArray()).isTrue();
        Http.Response read = http.withToken("GET", detailPath("tok-1"), token, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("id").asText()).isEqualTo("tok-1");
        Http.Response noCatalog = http.send("POST", "/v3/auth/tokens?nocatalog=true",
                Map.of("Content-Type", "application/json"),
                Http.tokenBody("roma-local", "admin", "roma-local-admin", null));
        assertThat(noCatalog.status()).isEqualTo(201);
        assertThat(noCatalog.json().get("token").has("catalog")).isFalse();
    }

    @Test
    void garbageMissingAndUnknownTokensAre401() {
        for (String token : List.of("garbage", "MIIRLthis-token-was-never-issued", "x".repeat(20_000))) {
            Http.Response r = http.withToken("GET", detailPath("any"), token, null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("APIC.7102");
            assertThat(r.json().get("error_msg").asText()).isEqualTo("Incorrect token or token resolution failed");
            assertThat(r.header("X-Request-Id")).isNotBlank();
        }
        Http.Response none = http.send("GET", detailPath("any"), Map.of(), null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("APIC.7102");
    }

    @Test
    void aTokenForOneProjectCannotReadAnother() {
        Http.Response r = http.withToken("GET", "/v2/fedcba9876543210fedcba9876543210/apic/instances/x", adminToken,
                null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("APIC.7106");
        assertThat(r.json().get("error_msg").asText()).isEqualTo("No permissions to request for the method");
        Http.Response list = http.withToken("GET", "/v2/fedcba9876543210fedcba9876543210/instances", adminToken,
                null);
        assertThat(list.status()).isEqualTo(403);
    }

    @Test
    void domainScopedAndUnscopedTokensCannotReadProjects() {
        String domainToken = http.token("roma-local", "admin", "roma-local-admin",
                "{\"domain\":{\"name\":\"roma-local\"}}");
        assertThat(http.withToken("GET", detailPath("x"), domainToken, null).status()).isEqualTo(403);
        String unscoped = http.token("roma-local", "admin", "roma-local-admin", null);
        assertThat(http.withToken("GET", detailPath("x"), unscoped, null).status()).isEqualTo(403);
    }

    @Test
    void wrongPasswordsAndUnknownUsersAre401() {
        for (String body : List.of(
                Http.tokenBody("roma-local", "admin", "wrong", null),
                Http.tokenBody("roma-local", "nobody", "roma-local-admin", null),
                Http.tokenBody("no-such-account", "admin", "roma-local-admin", null))) {
            Http.Response r = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"), body);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("IAM.0001");
            assertThat(r.json().at("/error/code").asInt()).isEqualTo(401);
            assertThat(r.header("X-Subject-Token")).isNull();
        }
    }

    @Test
    void malformedTokenRequestsAre400() {
        for (String body : List.of("{", "[]", "{}", "{\"auth\":{\"identity\":{\"methods\":[\"token\"]}}}",
                "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\","
                        + "\"password\":\"x\"}}}}}",
                Http.tokenBody("roma-local", "admin", "roma-local-admin", "{\"project\":{\"name\":\"nowhere\"}}"))) {
            Http.Response r = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"), body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.errorCode()).as(body).isEqualTo("IAM.0007");
        }
        Http.Response empty = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"), "");
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void tokensExpire() {
        String token = http.adminToken();
        assertThat(http.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            Http.Response r = http.withToken("GET", "/v2/" + PROJECT + "/instances", token, null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("APIC.7102");
        } finally {
            clock.advance(Duration.ofHours(-24).minusSeconds(1));
            adminToken = http.adminToken();
        }
    }

    @Test
    void validateAndRevokeATokenKeystoneStyle() {
        String token = http.adminToken();
        Http.Response valid = http.send("GET", "/v3/auth/tokens", Map.of("X-Auth-Token", adminToken,
                "X-Subject-Token", token), null);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.header("X-Subject-Token")).isEqualTo(token);
        assertThat(valid.json().at("/token/project/id").asText()).isEqualTo(PROJECT);
        Http.Response revoked = http.send("DELETE", "/v3/auth/tokens", Map.of("X-Auth-Token", adminToken,
                "X-Subject-Token", token), null);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(http.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).status()).isEqualTo(401);
        Http.Response again = http.send("GET", "/v3/auth/tokens", Map.of("X-Auth-Token", adminToken,
                "X-Subject-Token", token), null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo("IAM.0004");
    }

    @Test
    void theIamSdkIssuesAndValidatesTokens() {
        IamClient iam = IamClient.newBuilder()
                .withCredential(new GlobalCredentials().withAk(Settings.DEFAULT_ACCESS_KEY)
                        .withSk(Settings.DEFAULT_SECRET_KEY))
                .withEndpoint(server.endpoint())
                .build();
        KeystoneCreateUserTokenByPasswordResponse created = iam.keystoneCreateUserTokenByPassword(
                new KeystoneCreateUserTokenByPasswordRequest().withBody(new KeystoneCreateUserTokenByPasswordRequestBody()
                        .withAuth(new PwdAuth()
                                .withIdentity(new PwdIdentity()
                                        .withMethods(List.of(PwdIdentity.MethodsEnum.PASSWORD))
                                        .withPassword(new PwdPassword().withUser(new PwdPasswordUser()
                                                .withDomain(new PwdPasswordUserDomain().withName("roma-local"))
                                                .withName("admin").withPassword("roma-local-admin"))))
                                .withScope(new AuthScope().withProject(new AuthScopeProject().withName("cn-north-4"))))));
        assertThat(created.getHttpStatusCode()).isEqualTo(201);
        assertThat(created.getXSubjectToken()).as("X-Subject-Token in its exact case").isNotBlank();
        assertThat(created.getToken().getProject().getId()).isEqualTo(PROJECT);
        assertThat(created.getToken().getUser().getName()).isEqualTo("admin");
        var validated = iam.keystoneValidateToken(new KeystoneValidateTokenRequest()
                .withXSubjectToken(created.getXSubjectToken()));
        assertThat(validated.getToken().getProject().getName()).isEqualTo("cn-north-4");
        assertThat(http.withToken("GET", "/v2/" + PROJECT + "/instances", created.getXSubjectToken(), null)
                .status()).isEqualTo(200);
    }

    @Test
    void theSdkDiscoversTheProjectIdFromTheRegion() {
        upsertOk("disc-1", "{}");
        RomaClient client = RomaClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(Settings.DEFAULT_ACCESS_KEY)
                        .withSk(Settings.DEFAULT_SECRET_KEY).withIamEndpoint(server.endpoint()))
                .withRegion(new Region("cn-north-4", server.endpoint()))
                .build();
        assertThat(client.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId("disc-1"))
                .getProjectId()).isEqualTo(PROJECT);
    }

    @Test
    void signaturesOutsideFifteenMinutesAreRefused() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Http.Response late = http.signed("GET", "/v2/" + PROJECT + "/instances", PROJECT,
                Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY, null, now.minusMinutes(16));
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.errorCode()).isEqualTo("APIGW.0301");
        assertThat(late.json().get("error_msg").asText()).contains("signature expired");
        Http.Response early = http.signed("GET", "/v2/" + PROJECT + "/instances", PROJECT,
                Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY, null, now.plusMinutes(16));
        assertThat(early.status()).isEqualTo(401);
        Http.Response inWindow = http.signed("GET", "/v2/" + PROJECT + "/instances", PROJECT,
                Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY, null, now.minusMinutes(14));
        assertThat(inWindow.status()).isEqualTo(200);
    }

    @Test
    void signedQueriesAndBodiesVerify() {
        Http.Response list = http.signed("GET", "/v2/" + PROJECT + "/instances?status=RUNNING&offset=0&limit=5",
                null);
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        // '~', '*', ' ' and '+' are encoded differently on the wire and in the canonical query: the signature
        // still verifies, and the request reaches validation (which refuses such an id).
        Http.Response encoded = http.signed("GET", "/v2/" + PROJECT + "/instances?limit=5&id=a.b~c*d%20e%2Bf",
                null);
        assertThat(encoded.status()).as(encoded.text()).isEqualTo(400);
        assertThat(encoded.errorCode()).isEqualTo("ROMA.13000");
        Http.Response put = http.signed("PUT", "/_roma_local/projects/" + PROJECT + "/instances/signed-1",
                "{\"instance_name\":\"signed-one\"}");
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        Http.Response tampered = http.send("PUT", "/_roma_local/projects/" + PROJECT + "/instances/signed-1",
                Map.of("X-Auth-Token", "-"), null);
        assertThat(tampered.status()).isEqualTo(401);
        assertThat(get(detailPath("signed-1")).json().get("instance_name").asText()).isEqualTo("signed-one");
    }

    @Test
    void projectsLookup() {
        Http.Response r = http.withToken("GET", "/v3/projects?name=cn-north-4", adminToken, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("projects")).hasSize(1);
        assertThat(r.json().at("/projects/0/id").asText()).isEqualTo(PROJECT);
        assertThat(http.withToken("GET", "/v3/projects?name=nowhere", adminToken, null).json().get("projects"))
                .isEmpty();
        assertThat(http.send("GET", "/v3/projects", Map.of(), null).status()).isEqualTo(401);
    }

    @Test
    void unsupportedSignatureAlgorithmsAreNamed() {
        Http.Response r = http.send("GET", "/v2/" + PROJECT + "/instances",
                Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=x/20261128/cn-north-4/roma/aws4_request, "
                                + "SignedHeaders=host, Signature=00",
                        "X-Sdk-Date", "20261128T000000Z"), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("APIGW.0301");
        assertThat(r.json().get("error_msg").asText()).contains("AWS4-HMAC-SHA256");
        assertThat(r.header("X-Roma-Local-Reason")).startsWith("unsupported signature algorithm 'AWS4-HMAC-SHA256'");
    }
}
