package dev.romalocal.iam;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical forms the SDK's signer produces, including worked examples. */
class SdkSigningTest {

    @Test
    void canonicalUriAlwaysEndsWithASlash() {
        assertThat(SdkSigning.canonicalUri("/v2/p/apic/instances/i")).isEqualTo("/v2/p/apic/instances/i/");
        assertThat(SdkSigning.canonicalUri("/v2/p/instances/")).isEqualTo("/v2/p/instances/");
        assertThat(SdkSigning.canonicalUri("/")).isEqualTo("/");
        assertThat(SdkSigning.canonicalUri("")).isEqualTo("/");
    }

    @Test
    void canonicalUriReEncodesEachSegmentLikeTheSdk() {
        assertThat(SdkSigning.canonicalUri("/v2/%7Bproject_id%7D/apic/instances/x"))
                .isEqualTo("/v2/%7Bproject_id%7D/apic/instances/x/");
        assertThat(SdkSigning.canonicalUri("/v2/p/apic/instances/a%20b:c"))
                .isEqualTo("/v2/p/apic/instances/a%20b%3Ac/");
        assertThat(SdkSigning.canonicalUri("/a/~b*c")).isEqualTo("/a/~b%2Ac/");
    }

    @Test
    void canonicalQueryDecodesSortsAndReEncodes() {
        // The verified example: status = "RUNNING a+b*~" as OkHttp puts it on the wire.
        assertThat(SdkSigning.canonicalQuery("status=RUNNING%20a%2Bb*%7E&offset=0&limit=10"))
                .isEqualTo("limit=10&offset=0&status=RUNNING%20a%2Bb%2A~");
        assertThat(SdkSigning.canonicalQuery(null)).isEmpty();
        assertThat(SdkSigning.canonicalQuery("")).isEmpty();
        assertThat(SdkSigning.canonicalQuery("flag")).isEqualTo("flag=");
        assertThat(SdkSigning.canonicalQuery("b=2&a=1&b=1")).as("values keep their order")
                .isEqualTo("a=1&b=2&b=1");
    }

    @Test
    void theEncoderLeavesOnlyUnreservedCharacters() {
        assertThat(SdkSigning.encode("AZaz09-_.~")).isEqualTo("AZaz09-_.~");
        assertThat(SdkSigning.encode("a b+c*d/e:f")).isEqualTo("a%20b%2Bc%2Ad%2Fe%3Af");
        assertThat(SdkSigning.encode("你")).isEqualTo("%E4%BD%A0");
    }

    @Test
    void canonicalRequestMatchesTheVerifiedShape() {
        String canonical = SdkSigning.canonicalRequest("GET", "/v2/proj123/apic/instances/inst-1", null,
                List.of("host", "user-agent", "x-project-id", "x-sdk-date"),
                Map.of("host", "127.0.0.1:18777", "user-agent", "huaweicloud-usdk-java/3.0",
                        "x-project-id", "proj123", "x-sdk-date", "20261128T190748Z"),
                SdkSigning.EMPTY_BODY_SHA256);
        assertThat(canonical).isEqualTo("GET\n/v2/proj123/apic/instances/inst-1/\n\n"
                + "host:127.0.0.1:18777\nuser-agent:huaweicloud-usdk-java/3.0\nx-project-id:proj123\n"
                + "x-sdk-date:20261128T190748Z\n\nhost;user-agent;x-project-id;x-sdk-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(SdkSigning.stringToSign("20261128T190748Z", canonical))
                .startsWith("SDK-HMAC-SHA256\n20261128T190748Z\n").hasSize(16 + 1 + 16 + 64);
        assertThat(SdkSigning.signature("sk", "x")).hasSize(64).matches("[0-9a-f]+");
    }
}
