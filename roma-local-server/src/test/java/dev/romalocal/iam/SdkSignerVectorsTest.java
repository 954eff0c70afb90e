package dev.romalocal.iam;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our verifier against the official SDK's own signer (huaweicloud-sdk-core 3.1.143, {@code AKSKSigner}): each
 * request is signed by the SDK, put on the wire as the SDK's HTTP client does (OkHttp's {@code HttpUrl}, query
 * parameters added one by one), and the signature {@link SdkSigning} computes from what arrives must be the SDK's.
 */
class SdkSignerVectorsTest {
    private static final String ENDPOINT = "http://127.0.0.1:9090";
    private static final String AK = "ROMALOCALACCESSKEY01";
    private static final String SK = "romalocal-secret-key-0000000000000000000";
    private static final String DATE = "20261128T190748Z";

    /** One request: method, path template with its parameters, query, body and extra headers. */
    record Case(String name, HttpMethod method, String path, Map<String, Object> pathParams,
                Map<String, List<String>> query, String contentType, String body, Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Map<String, List<String>> encoded = new LinkedHashMap<>();
        encoded.put("status", List.of("RUNNING a+b*~"));
        encoded.put("name", List.of("x y", "z/w", "你好"));
        encoded.put("limit", List.of("10"));
        encoded.put("offset", List.of("0"));
        // Keys are plain: for a key that needs encoding the SDK signs it twice (once as it builds the URL, unencoded,
        // once encoded), which no server can match; the ROMA APIs' query keys never need encoding.
        Map<String, List<String>> odd = new LinkedHashMap<>();
        odd.put("key", List.of("v&w=x%"));
        odd.put("empty", List.of(""));
        odd.put("B", List.of("upper"));
        return Stream.of(
                new Case("GET detail", HttpMethod.GET, "/v2/{project_id}/apic/instances/{instance_id}",
                        Map.of("project_id", "0123456789abcdef0123456789abcdef", "instance_id", "inst-1"),
                        Map.of(), null, null, Map.of("X-Project-Id", "0123456789abcdef0123456789abcdef")),
                new Case("GET with a trailing slash", HttpMethod.GET, "/v2/p1/instances/", Map.of(), Map.of(), null,
                        null, Map.of("X-Project-Id", "p1")),
                new Case("GET list, query needing encoding", HttpMethod.GET, "/v2/p1/instances", Map.of(), encoded,
                        null, null, Map.of("X-Project-Id", "p1")),
                new Case("GET, odd query keys and empty values", HttpMethod.GET, "/v2/p1/instances", Map.of(), odd,
                        null, null, Map.of()),
                new Case("GET, path segment needing encoding", HttpMethod.GET,
                        "/v2/{project_id}/apic/instances/{instance_id}/restriction",
                        Map.of("project_id", "p1", "instance_id", "a b:c~*你+%"), Map.of(), null, null,
                        Map.of("X-Project-Id", "p1")),
                new Case("POST JSON body", HttpMethod.POST, "/v3/{project_id}/roma/instances",
                        Map.of("project_id", "p1"), Map.of(), "application/json;charset=UTF-8",
                        "{\"name\":\"rl-1\",\"description\":\"ünïcödé 你好\",\"enable_all\":true}",
                        Map.of("X-Project-Id", "p1")),
                new Case("PUT body and extra headers", HttpMethod.PUT, "/v2/{project_id}/apic/instances/{instance_id}",
                        Map.of("project_id", "p1", "instance_id", "inst-2"), Map.of("trace", List.of("1")),
                        "application/json", "{\"description\":\"x\"}",
                        Map.of("X-Project-Id", "p1", "X-Roma-Local-Profile", "instant", "X-Custom-Thing", "A b C")),
                new Case("DELETE without body", HttpMethod.DELETE, "/v1/{project_id}/roma/instances/{instance_id}",
                        Map.of("project_id", "p1", "instance_id", "inst-3"), Map.of(), null, null,
                        Map.of("X-Project-Id", "p1")),
                new Case("POST UNSIGNED-PAYLOAD", HttpMethod.POST, "/v1/p1/instances", Map.of(), Map.of(),
                        "application/octet-stream", "raw bytes, not JSON",
                        Map.of("X-Project-Id", "p1", "X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")),
                new Case("POST with an explicit payload hash", HttpMethod.POST, "/v1/p1/instances", Map.of(),
                        Map.of(), "application/json", "{\"a\":1}",
                        Map.of("X-Project-Id", "p1", "X-Sdk-Content-Sha256",
                                SdkSigning.sha256Hex("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourSignatureIsTheSdksSignature(Case c) {
        HttpRequest.HttpRequestBuilder b = HttpRequest.newBuilder().withEndpoint(ENDPOINT).withPath(c.path())
                .withMethod(c.method()).addHeader("X-Sdk-Date", DATE).addHeader("User-Agent",
                        "huaweicloud-usdk-java/3.0");
        c.pathParams().forEach(b::addPathParam);
        c.query().forEach(b::addQueryParam);
        c.headers().forEach(b::addHeader);
        if (c.contentType() != null) {
            b.withContentType(c.contentType());
        }
        if (c.body() != null) {
            b.withBodyAsString(c.body());
        }
        HttpRequest request = b.build();
        Map<String, String> sdkSigned = AKSKSigner.getInstance().sign(request,
                new BasicCredentials().withAk(AK).withSk(SK));
        String authorization = sdkSigned.get("Authorization");
        assertThat(authorization).startsWith("SDK-HMAC-SHA256 Access=" + AK + ", SignedHeaders=");

        // What the SDK's HTTP client puts on the wire.
        HttpUrl.Builder url = HttpUrl.get(request.getEndpoint() + request.getPathParamsString()).newBuilder();
        request.getQueryParams().forEach((k, vs) -> vs.forEach(v -> url.addQueryParameter(k, v)));
        HttpUrl wire = url.build();
        Map<String, String> wireHeaders = new HashMap<>();
        request.getHeaders().forEach((k, v) -> wireHeaders.put(k.toLowerCase(Locale.US), v.get(0)));
        wireHeaders.put("host", sdkSigned.get("Host"));

        // What the verifier computes from it.
        String signedHeaderList = part(authorization, "SignedHeaders=");
        List<String> names = new ArrayList<>(List.of(signedHeaderList.split(";")));
        Map<String, String> values = new HashMap<>();
        names.forEach(n -> values.put(n, wireHeaders.get(n)));
        byte[] body = c.body() == null ? new byte[0] : c.body().getBytes(StandardCharsets.UTF_8);
        String claimed = wireHeaders.get("x-sdk-content-sha256");
        String payloadHash = claimed != null ? claimed : SdkSigning.sha256Hex(body);
        String canonical = SdkSigning.canonicalRequest(c.method().name(), wire.encodedPath(), wire.encodedQuery(),
                names, values, payloadHash);
        String ours = SdkSigning.signature(SK, SdkSigning.stringToSign(DATE, canonical));

        assertThat(ours).as("signature of the canonical request\n%s\n(wire: %s)", canonical, wire)
                .isEqualTo(part(authorization, "Signature="));
        if (!c.headers().isEmpty()) {
            assertThat(names).as("the SDK signs every extra header").containsAll(c.headers().keySet().stream()
                    .map(h -> h.toLowerCase(Locale.US)).toList());
        }
    }

    private static String part(String authorization, String prefix) {
        for (String p : authorization.substring(authorization.indexOf(' ') + 1).split(",")) {
            if (p.trim().startsWith(prefix)) {
                return p.trim().substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in " + authorization);
    }
}
