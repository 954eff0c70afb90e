package dev.romalocal.iam;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.romalocal.config.Settings;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed request's {@code X-Sdk-Content-Sha256} must be the hash of the body received (unless it is
 * {@code UNSIGNED-PAYLOAD}): a captured signed write cannot carry another body.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class BodyIntegrityTest extends ServerFixture {
    private static final String AK = Settings.DEFAULT_ACCESS_KEY;
    private static final String SK = Settings.DEFAULT_SECRET_KEY;

    private static String doc(String name) {
        return "{\"instance_name\":\"" + name + "\"}";
    }

    private Http.Response put(String id, String contentSha256, String signedBody, String sentBody) {
        return Signing.send(http, "PUT", "/_roma_local/projects/" + PROJECT + "/instances/" + id, PROJECT, AK,
                SK, contentSha256, signedBody, sentBody);
    }

    private String name(String id) {
        Http.Response r = get("/v2/" + PROJECT + "/apic/instances/" + id);
        return r.status() == 404 ? null : expect(r, 200).json().get("instance_name").asText();
    }

    @Test
    void aBodyThatIsNotTheOneTheHeaderHashesIsRefusedAndNotApplied() {
        String signed = doc("signed-one");
        Http.Response r = put("tamper-1", Signing.sha256(signed), signed, doc("tampered"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("APIGW.0301");
        assertThat(r.json().get("error_msg").asText()).contains("payload hash").contains("does not match");
        assertThat(name("tamper-1")).as("nothing applied").isNull();
    }

    @Test
    void theHeaderMatchingTheBodyIsAccepted() {
        String body = doc("matching");
        Http.Response r = put("match-1", Signing.sha256(body), body, body);
        assertThat(r.status()).as(r.text()).isIn(200, 201);
        assertThat(name("match-1")).isEqualTo("matching");
    }

    @Test
    void upperCaseHexOfTheRightHashIsTheSameHash() {
        String body = doc("upper");
        Http.Response r = put("upper-1", Signing.sha256(body).toUpperCase(java.util.Locale.ROOT), body, body);
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    @Test
    void unsignedPayloadIsAccepted() {
        Http.Response r = put("unsigned-1", "UNSIGNED-PAYLOAD", null, doc("unsigned"));
        assertThat(r.status()).as(r.text()).isIn(200, 201);
        assertThat(name("unsigned-1")).isEqualTo("unsigned");
    }

    @Test
    void withoutTheHeaderTheBodyItselfIsHashed() {
        String body = doc("hashed");
        Http.Response ok = put("nohdr-1", null, body, body);
        assertThat(ok.status()).as(ok.text()).isIn(200, 201);
        assertThat(name("nohdr-1")).isEqualTo("hashed");

        Http.Response tampered = put("nohdr-2", null, body, doc("tampered"));
        assertThat(tampered.status()).isEqualTo(401);
        assertThat(tampered.errorCode()).isEqualTo("APIGW.0301");
        assertThat(name("nohdr-2")).isNull();
    }

    @Test
    void aHeaderOnARequestWithoutBodyMustHashTheEmptyBody() {
        String path = "/v2/" + PROJECT + "/instances";
        Http.Response wrong = Signing.send(http, "GET", path, PROJECT, AK, SK, Signing.sha256("{}"), null, null);
        assertThat(wrong.status()).isEqualTo(401);
        Http.Response right = Signing.send(http, "GET", path, PROJECT, AK, SK, SdkSigning.EMPTY_BODY_SHA256,
                null, null);
        assertThat(right.status()).as(right.text()).isEqualTo(200);
    }
}
