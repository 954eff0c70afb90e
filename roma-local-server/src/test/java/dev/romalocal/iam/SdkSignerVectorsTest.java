package dev.romalocal.iam;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.DerivedAKSKSigner;
import com.huaweicloud.sdk.core.auth.IAKSKSigner;
import com.huaweicloud.sdk.core.auth.P256SHA256Signer;
import com.huaweicloud.sdk.core.auth.SM2SM3Signer;
import com.huaweicloud.sdk.core.auth.SM3AKSKSigner;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import dev.romalocal.config.Settings;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import dev.romalocal.testing.IdentityRows;
import dev.romalocal.testing.TempDirs;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our verifier against the official SDK's own signers (huaweicloud-sdk-core 3.1.143: {@code AKSKSigner},
 * {@code SM3AKSKSigner}, {@code DerivedAKSKSigner}, {@code P256SHA256Signer}, {@code SM2SM3Signer}): each request is signed by the SDK, put on the wire as the SDK's
 * HTTP client does (OkHttp's {@code HttpUrl}, query parameters added one by one), and the signature
 * {@link SdkSigning} computes from what arrives must be the SDK's; the {@link Authenticator} (on an in-memory store
 * with the built-in identity and a temporary key) must accept it, and refuse every tampered copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkSignerVectorsTest {
    private static final String ENDPOINT = "http://127.0.0.1:9090";
    private static final String AK = Settings.DEFAULT_ACCESS_KEY;
    private static final String SK = Settings.DEFAULT_SECRET_KEY;
    private static final String DATE = "20261128T190748Z";
    private static final String TEMP_AK = "TEMPORARYACCESSKEY01";
    private static final String TEMP_SK = "temporary-secret-key-000000000000000000";
    private static final String SECURITY_TOKEN = "gQpjbi1ub3J0aC00" + "x".repeat(600) + "==";

    private Path dir;
    private Database db;
    private IamService iam;
    private Authenticator authenticator;

    @BeforeAll
    void store() throws Exception {
        dir = Files.createTempDirectory("vectors-");
        db = Database.open(dir, "jdbc:h2:mem:vectors-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
                "", 2);
        ChangeFeed feed = ChangeFeed.local();
        IamStore store = new IamStore(db.jdbi(), feed);
        byte[] master = new byte[32];
        new java.security.SecureRandom().nextBytes(master);
        SecretSealer sealer = new SecretSealer(master);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(Authenticator.parseSdkDate(DATE)), ZoneOffset.UTC);
        iam = new IamService(store, new GrantStore(db.jdbi(), feed), sealer, clock, Duration.ofHours(24));
        IamService.BuiltIn builtIn = iam.bootstrap(Settings.defaults().identity());
        IdentityRows.over(db, sealer).insertTemporaryKey(builtIn.userId(), TEMP_AK, TEMP_SK, SECURITY_TOKEN,
                clock.millis() + 3_600_000);
        authenticator = new Authenticator(store, sealer, clock, feed);
    }

    @AfterAll
    void close() {
        iam.awaitPasswordApplied();
        db.close();
        TempDirs.delete(dir);
    }

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
                                SdkSigning.sha256Hex("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))),
                new Case("POST UNSIGNED-PAYLOAD in the SM3 header", HttpMethod.POST, "/v1/p1/instances", Map.of(),
                        Map.of(), "application/octet-stream", "raw bytes, not JSON",
                        Map.of("X-Project-Id", "p1", "X-Sdk-Content-Sm3", "UNSIGNED-PAYLOAD")),
                new Case("POST with an explicit SM3 payload hash", HttpMethod.POST, "/v1/p1/instances", Map.of(),
                        Map.of(), "application/json", "{\"a\":1}",
                        Map.of("X-Project-Id", "p1", "X-Sdk-Content-Sm3",
                                PayloadDigest.SM3.hex("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))))
                .map(Arguments::of);
    }

    /** The SDK's signers, one per signing style ROMA Local verifies. */
    enum Style {
        HMAC_SHA256(AKSKSigner.getInstance(), SignatureAlgorithm.HMAC_SHA256),
        HMAC_SM3(SM3AKSKSigner.getInstance(), SignatureAlgorithm.HMAC_SM3),
        DERIVED(DerivedAKSKSigner.getInstance(), SignatureAlgorithm.DERIVED_HMAC_SHA256),
        ECDSA_P256_SHA256(P256SHA256Signer.getInstance(), SignatureAlgorithm.ECDSA_P256_SHA256),
        SM2_SM3(SM2SM3Signer.getInstance(), SignatureAlgorithm.SM2_SM3);

        final IAKSKSigner signer;
        final SignatureAlgorithm algorithm;

        Style(IAKSKSigner signer, SignatureAlgorithm algorithm) {
            this.signer = signer;
            this.algorithm = algorithm;
        }
    }

    static Stream<Arguments> stylesAndCases() {
        return Stream.of(Style.values()).flatMap(style -> cases().map(c -> Arguments.of(style, c.get()[0])));
    }

    /** A request as it reaches the server: the wire path and query, the headers by lower-case name, the body. */
    record Wire(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body)
            implements SignedRequest {
        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.US));
        }

        Wire withHeader(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name.toLowerCase(Locale.US), value);
            return new Wire(method, rawPath, rawQuery, h, body);
        }

        Wire withBody(String b) {
            return new Wire(method, rawPath, rawQuery, headers, b.getBytes(StandardCharsets.UTF_8));
        }

        Wire withPath(String p) {
            return new Wire(method, p, rawQuery, headers, body);
        }
    }

    /** Signs a case with the SDK's signer of a style and returns what the server receives. */
    static Wire signBySdk(Case c, Style style, String ak, String sk, String securityToken) {
        HttpRequest.HttpRequestBuilder b = HttpRequest.newBuilder().withEndpoint(ENDPOINT).withPath(c.path())
                .withMethod(c.method()).addHeader("X-Sdk-Date", DATE).addHeader("User-Agent",
                        "huaweicloud-usdk-java/3.0");
        c.pathParams().forEach(b::addPathParam);
        c.query().forEach(b::addQueryParam);
        c.headers().forEach(b::addHeader);
        if (securityToken != null) {
            b.addHeader("X-Security-Token", securityToken); // as BasicCredentials adds it, before signing
        }
        if (c.contentType() != null) {
            b.withContentType(c.contentType());
        }
        if (c.body() != null) {
            b.withBodyAsString(c.body());
        }
        HttpRequest request = b.build();
        BasicCredentials credentials = new BasicCredentials().withAk(ak).withSk(sk);
        if (style == Style.DERIVED) {
            credentials.processDerivedAuthParams("roma", "cn-north-4");
        }
        Map<String, String> sdkSigned = style.signer.sign(request, credentials);
        assertThat(sdkSigned.get("Authorization")).startsWith(style.algorithm.header() + " "
                + (style == Style.DERIVED ? "Credential=" + ak + "/20261128/cn-north-4/roma, " : "Access=" + ak + ", "));
        HttpUrl.Builder url = HttpUrl.get(request.getEndpoint() + request.getPathParamsString()).newBuilder();
        request.getQueryParams().forEach((k, vs) -> vs.forEach(v -> url.addQueryParameter(k, v)));
        HttpUrl wire = url.build();
        Map<String, String> headers = new HashMap<>();
        request.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.US), v.get(0)));
        headers.put("host", sdkSigned.get("Host"));
        headers.put("authorization", sdkSigned.get("Authorization"));
        if (c.contentType() != null) {
            headers.put("content-type", c.contentType());
        }
        byte[] body = c.body() == null ? new byte[0] : c.body().getBytes(StandardCharsets.UTF_8);
        return new Wire(c.method().name(), wire.encodedPath(), wire.encodedQuery(), headers, body);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("stylesAndCases")
    void theSdksSignaturesVerifyAndTamperedCopiesAreRefused(Style style, Case c) {
        Wire wire = signBySdk(c, style, AK, SK, null);
        Principal p = authenticator.authenticate(wire);
        assertThat(p.method()).isEqualTo(Principal.Method.AKSK);
        assertThat(p.userName()).isEqualTo(Settings.DEFAULT_ADMIN_USER);

        String authorization = wire.header("Authorization");
        String signature = part(authorization, "Signature=");
        String flipped = signature.substring(0, 10) + (signature.charAt(10) == '0' ? '1' : '0')
                + signature.substring(11);
        refused(wire.withHeader("Authorization", authorization.replace(signature, flipped)), "wrong signature");
        refused(wire.withHeader("User-Agent", "huaweicloud-usdk-java/3.1"), "wrong signature");
        refused(wire.withPath(wire.rawPath() + "x"), "wrong signature");
        if (c.body() != null) {
            boolean claimed = wire.header(style.algorithm.digest().header()) != null
                    && !"UNSIGNED-PAYLOAD".equals(wire.header(style.algorithm.digest().header()));
            boolean unsigned = "UNSIGNED-PAYLOAD".equals(wire.header(style.algorithm.digest().header()));
            Wire tampered = wire.withBody(c.body() + " ");
            if (unsigned) {
                assertThat(authenticator.authenticate(tampered).userName()).as("the payload is not signed")
                        .isEqualTo(Settings.DEFAULT_ADMIN_USER);
            } else {
                refused(tampered, claimed ? "payload hash mismatch" : "wrong signature");
            }
        }
        // A good signature after failures starts the count again (else these cases would lock the key).
        assertThat(authenticator.authenticate(wire).userName()).isEqualTo(Settings.DEFAULT_ADMIN_USER);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Style.class)
    void temporaryCredentialsCarryTheirSecurityTokenSigned(Style style) {
        Case c = (Case) cases().toList().get(0).get()[0];
        Wire wire = signBySdk(c, style, TEMP_AK, TEMP_SK, SECURITY_TOKEN);
        assertThat(part(wire.header("Authorization"), "SignedHeaders=")).contains("x-security-token");
        Principal p = authenticator.authenticate(wire);
        assertThat(p.expiresAt()).isEqualTo(Authenticator.parseSdkDate(DATE) + 3_600_000);
        refused(wire.withHeader("X-Security-Token", SECURITY_TOKEN + "x"), "wrong security token");
        Map<String, String> without = new HashMap<>(wire.headers());
        without.remove("x-security-token");
        refused(new Wire(wire.method(), wire.rawPath(), wire.rawQuery(), without, wire.body()),
                "missing security token");
        Wire unsigned = signBySdk(c, style, TEMP_AK, TEMP_SK, null).withHeader("X-Security-Token", SECURITY_TOKEN);
        refused(unsigned, "unsigned security token");
        // A permanent key's signature with the temporary key's SK does not pass either.
        refused(signBySdk(c, style, TEMP_AK, SK, SECURITY_TOKEN), "wrong signature");
        assertThat(authenticator.authenticate(wire).userName()).isEqualTo(Settings.DEFAULT_ADMIN_USER);
    }

    @Test
    void theDerivedKeyIsTheSdksHkdf() throws Exception {
        Class<?> hkdf = Class.forName("com.huaweicloud.sdk.core.auth.DerivedAKSKSigner$HKDF");
        java.lang.reflect.Method derive = hkdf.getMethod("getDerKeySHA256", String.class, String.class, String.class);
        derive.setAccessible(true);
        for (String scope : List.of("20261128/cn-north-4/roma", "20000101/ap-southeast-1/iam", "19991231/x/y")) {
            assertThat(SdkSigning.derivedSigningKey(AK, SK, scope)).as(scope)
                    .isEqualTo(derive.invoke(null, AK, SK, scope));
        }
    }

    private void refused(Wire wire, String reasonStart) {
        assertThatThrownBy(() -> authenticator.authenticate(wire)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
            assertThat(e.reason()).startsWith(reasonStart);
            assertThat(e.reason()).doesNotContain(SK).doesNotContain(TEMP_SK).doesNotContain(SECURITY_TOKEN);
        });
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
