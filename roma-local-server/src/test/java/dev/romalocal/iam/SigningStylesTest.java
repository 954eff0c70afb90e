package dev.romalocal.iam;

import com.huaweicloud.sdk.core.auth.AbstractCredentials;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.SigningAlgorithm;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.IdentityRows;
import dev.romalocal.testing.MutableClock;
import dev.romalocal.testing.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every signing style of the SDK core 3.1.143 end to end, on each store: the ROMA SDK client configured with
 * {@code SigningAlgorithm.HMAC_SM3}, {@code ECDSA_P256_SHA256} and {@code SM2_SM3}, with derived credentials ({@code V11-HMAC-SHA256}) and with temporary
 * credentials (a security token) reads an instance; signed bodies (in memory, chunked, spooled) verify in each
 * style; a temporary credential works until it expires (driven by the clock).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SigningStylesTest extends ServerFixture {
    private static final String TEMP_AK = "STSTEMPORARYKEY00001";
    private static final String TEMP_SK = "sts-temporary-secret-00000000000000000000";
    private static final String TOKEN = "gQpjbi1ub3J0aC00-security-token-" + "z".repeat(1200);

    final MutableClock clock = MutableClock.systemNow();

    @Override
    protected RomaLocal start(Settings settings) {
        RomaLocal started = RomaLocal.start(settings, clock);
        try (IdentityRows rows = IdentityRows.of(settings)) {
            rows.insertTemporaryKey(started.identity().userId(), TEMP_AK, TEMP_SK, TOKEN,
                    clock.millis() + Duration.ofMinutes(10).toMillis());
        }
        return started;
    }

    private RomaClient client(BasicCredentials credentials, HttpConfig config, boolean derived) {
        var builder = RomaClient.newBuilder().withCredential(credentials)
                .withHttpConfig(config.withTimeout(30));
        if (derived) {
            builder.withRegion(new Region(Settings.DEFAULT_PROJECT_NAME, server.endpoint()))
                    .withDerivedAuthServiceName("roma");
        } else {
            builder.withEndpoint(server.endpoint());
        }
        return builder.build();
    }

    private static BasicCredentials credentials() {
        return new BasicCredentials().withAk(Settings.DEFAULT_ACCESS_KEY).withSk(Settings.DEFAULT_SECRET_KEY)
                .withProjectId(PROJECT);
    }

    private static ShowDetailsOfInstanceV2Request show(String id) {
        return new ShowDetailsOfInstanceV2Request().withInstanceId(id);
    }

    @Test
    void theSdkSigningWithHmacSm3ReadsAnInstance() {
        upsertOk("sm3-1", "{\"instance_name\":\"sm3-one\"}");
        RomaClient sm3 = client(credentials(),
                HttpConfig.getDefaultHttpConfig().withSigningAlgorithm(SigningAlgorithm.HMAC_SM3), false);
        ShowDetailsOfInstanceV2Response r = sm3.showDetailsOfInstanceV2(show("sm3-1"));
        assertThat(r.getInstanceName()).isEqualTo("sm3-one");
    }

    @Test
    void theSdkSigningWithEllipticCurvesReadsAnInstance() {
        upsertOk("ec-1", "{\"instance_name\":\"ec-one\"}");
        for (SigningAlgorithm a : new SigningAlgorithm[] {SigningAlgorithm.ECDSA_P256_SHA256, SigningAlgorithm.SM2_SM3}) {
            RomaClient client = client(credentials(), HttpConfig.getDefaultHttpConfig().withSigningAlgorithm(a), false);
            assertThat(client.showDetailsOfInstanceV2(show("ec-1")).getInstanceName()).as(a.name())
                    .isEqualTo("ec-one");
        }
        ClientRequestException e = catchThrowableOfType(ClientRequestException.class, () -> client(
                new BasicCredentials().withAk(Settings.DEFAULT_ACCESS_KEY).withSk("not-the-secret-key")
                        .withProjectId(PROJECT),
                HttpConfig.getDefaultHttpConfig().withSigningAlgorithm(SigningAlgorithm.SM2_SM3), false)
                .showDetailsOfInstanceV2(show("ec-1")));
        assertThat(e.getHttpStatusCode()).isEqualTo(401);
        assertThat(e.getErrorMsg()).startsWith("Incorrect IAM authentication information: verify aksk signature fail");
    }

    @Test
    void theSdkWithDerivedCredentialsReadsAnInstance() {
        upsertOk("v11-1", "{\"instance_name\":\"v11-one\"}");
        BasicCredentials derived = credentials().withDerivedPredicate(AbstractCredentials.DEFAULT_DERIVED_PREDICATE);
        RomaClient client = client(derived, HttpConfig.getDefaultHttpConfig(), true);
        assertThat(client.showDetailsOfInstanceV2(show("v11-1")).getInstanceName()).isEqualTo("v11-one");
        // Derived credentials and SM3 together: the SDK signs V11-HMAC-SHA256 (derived auth wins).
        RomaClient both = client(credentials().withDerivedPredicate(r -> true),
                HttpConfig.getDefaultHttpConfig().withSigningAlgorithm(SigningAlgorithm.HMAC_SM3), true);
        assertThat(both.showDetailsOfInstanceV2(show("v11-1")).getInstanceName()).isEqualTo("v11-one");
    }

    @Test
    void aTemporaryCredentialWorksUntilItExpires() {
        upsertOk("sts-1", "{\"instance_name\":\"sts-one\"}");
        BasicCredentials temporary = new BasicCredentials().withAk(TEMP_AK).withSk(TEMP_SK).withSecurityToken(TOKEN)
                .withProjectId(PROJECT);
        RomaClient plain = client(temporary, HttpConfig.getDefaultHttpConfig(), false);
        RomaClient sm3 = client(new BasicCredentials().withAk(TEMP_AK).withSk(TEMP_SK).withSecurityToken(TOKEN)
                        .withProjectId(PROJECT),
                HttpConfig.getDefaultHttpConfig().withSigningAlgorithm(SigningAlgorithm.HMAC_SM3), false);
        assertThat(plain.showDetailsOfInstanceV2(show("sts-1")).getInstanceName()).isEqualTo("sts-one");
        assertThat(sm3.showDetailsOfInstanceV2(show("sts-1")).getInstanceName()).isEqualTo("sts-one");
        clock.advance(Duration.ofMinutes(10)); // the key expires now; the SDK's X-Sdk-Date stays within 15 minutes
        try {
            ClientRequestException e = catchThrowableOfType(ClientRequestException.class,
                    () -> plain.showDetailsOfInstanceV2(show("sts-1")));
            assertThat(e.getHttpStatusCode()).isEqualTo(401);
            assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
            assertThat(e.getErrorMsg()).isEqualTo("Incorrect IAM authentication information: "
                    + "calc ak sk signature fail:signature expired");
            Http.Response r = Signer.of(clock).key(TEMP_AK, TEMP_SK).securityToken(TOKEN, true)
                    .send(http, "GET", "/v2/" + PROJECT + "/apic/instances/sts-1", null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("X-Roma-Local-Reason")).startsWith("temporary access key " + TEMP_AK + " expired at ");
        } finally {
            clock.advance(Duration.ofMinutes(-10));
        }
        assertThat(plain.showDetailsOfInstanceV2(show("sts-1")).getInstanceName()).as("a clock moved back").isEqualTo("sts-one");
    }

    @Test
    void signedBodiesVerifyInEveryStyleInMemoryChunkedAndSpooled() {
        for (SignatureAlgorithm a : new SignatureAlgorithm[] {SignatureAlgorithm.HMAC_SHA256,
                SignatureAlgorithm.HMAC_SM3, SignatureAlgorithm.DERIVED_HMAC_SHA256}) {
            Signer signer = Signer.of(clock).algorithm(a);
            String id = "body-" + a.ordinal();
            String path = "/_roma_local/projects/" + PROJECT + "/instances/" + id;
            Http.Response put = signer.send(http, "PUT", path, "{\"instance_name\":\"body-" + a + "\"}");
            assertThat(put.status()).as(a + ": " + put.text()).isIn(200, 201);
            Http.Response chunked = signer.chunked().send(http, "PUT", path, "{\"instance_name\":\"chunked\"}");
            assertThat(chunked.status()).as(a + " chunked: " + chunked.text()).isEqualTo(200);
            Http.Response seed = signer.chunked().send(http, "POST", "/_roma_local/seed",
                    "[{\"project_id\":\"" + PROJECT + "\",\"id\":\"seed-" + a.ordinal()
                            + "\",\"instance_name\":\"spooled\"}]");
            assertThat(seed.status()).as(a + " seed: " + seed.text()).isEqualTo(200);
            assertThat(get("/v2/" + PROJECT + "/apic/instances/seed-" + a.ordinal()).json()
                    .get("instance_name").asText()).isEqualTo("spooled");
        }
    }
}
