package dev.romalocal.iam;

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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every credential refusal keeps its documented body and says why in {@code X-Roma-Local-Reason} (and the log):
 * tokens missing, malformed, unknown, expired, revoked or of a disabled user; signatures wrong (with the canonical
 * request), of an unknown, inactive, locked or expired key, of a disabled user, with a missing, wrong or unsigned
 * security token, in an unsupported algorithm, outside the date window, malformed. Never a secret in a reason. And
 * the key lockout: more than five consecutive signature failures lock a key for five minutes (driven by the clock);
 * a good signature starts the count again.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class CredentialRefusalsTest extends ServerFixture {
    private static final String REASON = "X-Roma-Local-Reason";
    private static final String PATH = "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances";
    private static final String PREFIX = "Incorrect IAM authentication information: ";
    private static final String GHOST_KEY = "GHOSTUSERACCESSKEY01";
    private static final String INACTIVE_KEY = "INACTIVEACCESSKEY001";
    private static final String EXPIRED_KEY = "EXPIREDTEMPORARYKEY1";
    private static final String TEMP_KEY = "VALIDTEMPORARYKEY001";
    private static final String LOCK_KEY = "LOCKOUTACCESSKEY0001";
    private static final String RESET_KEY = "RESETACCESSKEY000001";
    private static final String FUZZ_KEY = "GENERATEDACCESSKEY01";
    private static final String REASON_KEY = "REASONACCESSKEY00001";
    private static final String SECRET = "a-secret-that-must-never-be-shown-000000";
    private static final String SECURITY_TOKEN = "gQpjbi1ub3J0aC00-secret-security-token-" + "q".repeat(200);
    private static final String EXPIRED_TOKEN = "MIIRLexpiredTokenExpiredTokenExpired00000000";
    private static final String REVOKED_TOKEN = "MIIRLrevokedTokenRevokedTokenRevoked00000000";
    private static final String GHOST_TOKEN = "MIIRLghostTokenGhostTokenGhostTokenGhost0000";

    final MutableClock clock = MutableClock.systemNow();

    @Override
    protected RomaLocal start(Settings settings) {
        RomaLocal started = RomaLocal.start(settings, clock);
        String admin = started.identity().userId();
        long now = clock.millis();
        try (IdentityRows rows = IdentityRows.of(settings)) {
            rows.insertUser("ghost-user-id", started.identity().domainId(), "ghost", false);
            rows.insertKey("ghost-user-id", GHOST_KEY, SECRET, true);
            rows.insertToken(GHOST_TOKEN, "ghost-user-id", Settings.DEFAULT_PROJECT_ID, now + 3_600_000, false);
            rows.insertKey(admin, INACTIVE_KEY, SECRET, false);
            rows.insertTemporaryKey(admin, EXPIRED_KEY, SECRET, SECURITY_TOKEN, now - 1_000);
            rows.insertTemporaryKey(admin, TEMP_KEY, SECRET, SECURITY_TOKEN, now + 86_400_000);
            for (String key : List.of(LOCK_KEY, RESET_KEY, FUZZ_KEY, REASON_KEY)) {
                rows.insertKey(admin, key, SECRET, true);
            }
            rows.insertToken(EXPIRED_TOKEN, admin, Settings.DEFAULT_PROJECT_ID, now - 1_000, false);
            rows.insertToken(REVOKED_TOKEN, admin, Settings.DEFAULT_PROJECT_ID, now + 3_600_000, true);
        }
        return started;
    }

    private Signer signer(String accessKey) {
        return Signer.of(clock).key(accessKey, SECRET);
    }

    /** The documented body, and a reason that says why (and shows no secret). */
    private static String refused(Http.Response r, String code, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo(code);
        String msg = r.json().get("error_msg").asText();
        if (message.endsWith("*")) {
            assertThat(msg).startsWith(message.substring(0, message.length() - 1));
        } else {
            assertThat(msg).isEqualTo(message);
        }
        String reason = r.header(REASON);
        assertThat(reason).as("reason of " + msg).isNotBlank();
        assertThat(reason).doesNotContain(SECRET).doesNotContain(Settings.DEFAULT_SECRET_KEY)
                .doesNotContain(SECURITY_TOKEN).doesNotContain("q".repeat(50));
        return reason;
    }

    private Http.Response withToken(String token) {
        return http.send("GET", PATH, token == null ? Map.of() : Map.of("X-Auth-Token", token), null);
    }

    @Test
    void tokenRefusalsSayWhy() {
        String doc = "Incorrect token or token resolution failed";
        assertThat(refused(withToken(null), "APIC.7102", doc)).startsWith("no credentials");
        assertThat(refused(withToken("garbage"), "APIC.7102", doc)).startsWith("malformed token");
        assertThat(refused(withToken("MIIRL" + "A".repeat(20_000)), "APIC.7102", doc))
                .startsWith("malformed token: X-Auth-Token is 20005 characters long");
        assertThat(refused(withToken("MIIRLneverIssuedNeverIssuedNeverIssued000000"), "APIC.7102", doc))
                .startsWith("unknown token");
        assertThat(refused(withToken(EXPIRED_TOKEN), "APIC.7102", doc)).startsWith("token expired at ");
        assertThat(refused(withToken(REVOKED_TOKEN), "APIC.7102", doc)).startsWith("token revoked");
        assertThat(refused(withToken(GHOST_TOKEN), "APIC.7102", doc))
                .isEqualTo("the token's user 'ghost' is disabled");
        // A token that works answers without a reason.
        Http.Response ok = withToken(adminToken);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header(REASON)).isNull();
    }

    @Test
    void signatureRefusalsSayWhy() {
        Http.Response wrong = Signer.of(clock).key(REASON_KEY, "not-the-secret").send(http, "GET", PATH, null);
        String reason = refused(wrong, "APIGW.0301", PREFIX + "verify aksk signature fail, canonicalRequest:GET|"
                + PATH + "/||*");
        assertThat(reason).startsWith("wrong signature [consecutive failure 1; ").contains("the canonical request")
                .contains("GET|" + PATH + "/||host:");
        assertThat(signer(REASON_KEY).send(http, "GET", PATH, null).status()).isEqualTo(200);

        assertThat(refused(signer("NOSUCHACCESSKEY00001").send(http, "GET", PATH, null), "APIGW.0301",
                PREFIX + "Get secretKey failed,ak:NOSUCHACCESSKEY00001,err:ak not exist"))
                .startsWith("unknown access key NOSUCHACCESSKEY00001");
        assertThat(refused(signer(INACTIVE_KEY).send(http, "GET", PATH, null), "APIGW.0301",
                PREFIX + "Get secretKey failed,ak:" + INACTIVE_KEY + ",err:ak is disabled"))
                .startsWith("inactive access key " + INACTIVE_KEY);
        assertThat(refused(signer(GHOST_KEY).send(http, "GET", PATH, null), "APIGW.0301",
                PREFIX + "Get secretKey failed,ak:" + GHOST_KEY + ",err:ak is disabled"))
                .contains("user 'ghost', who is disabled");
        assertThat(refused(signer(EXPIRED_KEY).securityToken(SECURITY_TOKEN, true).send(http, "GET", PATH, null),
                "APIGW.0301", PREFIX + "calc ak sk signature fail:signature expired"))
                .startsWith("temporary access key " + EXPIRED_KEY + " expired at ");
        assertThat(signer(TEMP_KEY).securityToken(SECURITY_TOKEN, true).send(http, "GET", PATH, null).status())
                .isEqualTo(200);
        assertThat(refused(signer(TEMP_KEY).send(http, "GET", PATH, null), "APIGW.0301",
                PREFIX + "Get secretKey failed,ak:" + TEMP_KEY + ",err:x-security-token not found"))
                .startsWith("missing security token");
        assertThat(refused(signer(TEMP_KEY).securityToken(SECURITY_TOKEN + "x", true).send(http, "GET", PATH, null),
                "APIGW.0301", PREFIX + "Get secretKey failed,ak:" + TEMP_KEY + ",err:security token is invalid"))
                .startsWith("wrong security token");
        assertThat(refused(signer(TEMP_KEY).securityToken(SECURITY_TOKEN, false).send(http, "GET", PATH, null),
                "APIGW.0301", PREFIX + "Get secretKey failed,ak:" + TEMP_KEY + ",err:x-security-token is not signed"))
                .startsWith("unsigned security token");
        // A wrong signature of a temporary key shows its canonical request without the security token.
        Http.Response wrongTemp = Signer.of(clock).key(TEMP_KEY, "not-the-secret").securityToken(SECURITY_TOKEN, true)
                .send(http, "GET", PATH, null);
        assertThat(refused(wrongTemp, "APIGW.0301", PREFIX + "verify aksk signature fail*"))
                .contains("x-security-token:<redacted>");
        assertThat(wrongTemp.text()).doesNotContain(SECURITY_TOKEN).contains("x-security-token:<redacted>");

        Http.Response late = signer(REASON_KEY).clock(Clock.offset(clock, Duration.ofMinutes(-16)))
                .send(http, "GET", PATH, null);
        assertThat(refused(late, "APIGW.0301", PREFIX + "calc ak sk signature fail:signature expired, signature "
                + "time:*")).startsWith("date outside the window: X-Sdk-Date ").contains(" behind the server's clock");
        Http.Response early = signer(REASON_KEY).clock(Clock.offset(clock, Duration.ofMinutes(20)))
                .send(http, "GET", PATH, null);
        assertThat(refused(early, "APIGW.0301", PREFIX + "calc ak sk signature fail:signature expired*"))
                .contains(" ahead of the server's clock");
        Http.Response scope = signer(REASON_KEY).algorithm(SignatureAlgorithm.DERIVED_HMAC_SHA256)
                .scope("20000101/cn-north-4/roma").send(http, "GET", PATH, null);
        assertThat(refused(scope, "APIGW.0301", PREFIX + "the credential scope date 20000101 is not the date of "
                + "x-sdk-date *")).contains("credential scope is dated 20000101");
        assertThat(refused(signer(REASON_KEY).algorithm(SignatureAlgorithm.DERIVED_HMAC_SHA256).scope("x/y")
                .send(http, "GET", PATH, null), "APIGW.0301", PREFIX + "the credential scope must be*"))
                .startsWith("malformed V11-HMAC-SHA256 credential scope");
        Http.Response tampered = Signing.send(http, "PUT", "/_roma_local/projects/" + PROJECT + "/instances/reason-1",
                PROJECT, REASON_KEY, SECRET, Signing.sha256("{}"), "{}", "{\"instance_name\":\"x\"}");
        assertThat(refused(tampered, "APIGW.0301", PREFIX + "the payload hash in X-Sdk-Content-Sha256 does not "
                + "match the body received")).startsWith("payload hash mismatch [consecutive failure 1;");
        assertThat(signer(REASON_KEY).send(http, "GET", PATH, null).status()).isEqualTo(200);

        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .format(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("X-Sdk-Date", date);
        raw.put("Authorization", "SDK-ECDSA-P256-SHA256 Access=" + REASON_KEY + ", SignedHeaders=host;x-sdk-date, "
                + "Signature=3045");
        assertThat(refused(http.send("GET", PATH, raw, null), "APIGW.0301", PREFIX + "verify aksk signature fail*"))
                .startsWith("wrong signature").contains("SDK-ECDSA-P256-SHA256 signature by access key " + REASON_KEY);
        assertThat(signer(REASON_KEY).send(http, "GET", PATH, null).status()).isEqualTo(200);
        raw.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + REASON_KEY + "/20261201/cn-north-4/roma/aws4_request, "
                + "SignedHeaders=host;x-sdk-date, Signature=00");
        assertThat(refused(http.send("GET", PATH, raw, null), "APIGW.0301", PREFIX + "unsupported signature "
                + "algorithm 'AWS4-HMAC-SHA256' (ROMA Local verifies SDK-HMAC-SHA256, SDK-HMAC-SM3, V11-HMAC-SHA256, "
                + "SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3)")).startsWith("unsupported signature algorithm");
        raw.put("Authorization", "Bearer abc");
        assertThat(refused(http.send("GET", PATH, raw, null), "APIGW.0301", PREFIX + "unsupported signature "
                + "algorithm 'Bearer'*")).startsWith("unsupported signature algorithm 'Bearer'");
        raw.put("Authorization", "SDK-HMAC-SM3 Access=" + REASON_KEY);
        assertThat(refused(http.send("GET", PATH, raw, null), "APIGW.0301", PREFIX + "the Authorization header "
                + "must carry Access, SignedHeaders and Signature")).startsWith("malformed Authorization header");
        raw.put("Authorization", "SDK-HMAC-SHA256 Access=" + REASON_KEY + ", SignedHeaders=host, Signature=00");
        raw.remove("X-Sdk-Date");
        assertThat(refused(http.send("GET", PATH, raw, null), "APIGW.0301", PREFIX + "x-sdk-date not found"))
                .contains("X-Sdk-Date header is missing");
        raw.put("X-Sdk-Date", "2026-11-30T00:00:00Z");
        assertThat(refused(http.send("GET", PATH, raw, null), "APIGW.0301", PREFIX + "x-sdk-date*"))
                .startsWith("malformed X-Sdk-Date");
    }

    @Test
    void moreThanFiveConsecutiveFailuresLockAKeyForFiveMinutes() {
        Signer good = signer(LOCK_KEY);
        Signer bad = Signer.of(clock).key(LOCK_KEY, "not-the-secret");
        try (IdentityRows rows = IdentityRows.of(server.settings())) {
            assertThat(good.send(http, "GET", PATH, null).status()).isEqualTo(200);
            for (int i = 1; i <= 5; i++) {
                assertThat(refused(bad.send(http, "GET", PATH, null), "APIGW.0301",
                        PREFIX + "verify aksk signature fail*")).contains("[consecutive failure " + i + ";");
            }
            long lockedAt = clock.millis();
            assertThat(refused(bad.send(http, "GET", PATH, null), "APIGW.0301", PREFIX + "verify aksk signature fail*"))
                    .contains("[consecutive failure 6: the access key is now locked until "
                            + Instant.ofEpochMilli(lockedAt + 300_000) + "]");
            assertThat(rows.failuresAndLock(LOCK_KEY)).containsExactly(0, lockedAt + 300_000);
            // Locked: even the right signature is refused, in every style.
            for (SignatureAlgorithm a : new SignatureAlgorithm[] {SignatureAlgorithm.HMAC_SHA256,
                    SignatureAlgorithm.HMAC_SM3, SignatureAlgorithm.DERIVED_HMAC_SHA256}) {
                assertThat(refused(good.algorithm(a).send(http, "GET", PATH, null), "APIGW.0301",
                        PREFIX + "AK access failed to reach the limit,forbidden."))
                        .isEqualTo("access key " + LOCK_KEY + " is locked until " + Instant.ofEpochMilli(lockedAt
                                + 300_000) + " after more than 5 consecutive signature failures");
            }
            // Other keys are not affected.
            assertThat(signer(RESET_KEY).send(http, "GET", PATH, null).status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(5).minusSeconds(1));
            assertThat(good.send(http, "GET", PATH, null).status()).isEqualTo(401);
            clock.advance(Duration.ofSeconds(1));
            Http.Response unlocked = good.send(http, "GET", PATH, null);
            assertThat(unlocked.status()).as(unlocked.text()).isEqualTo(200);
        } finally {
            clock.advance(Duration.ofMinutes(-5));
        }
    }

    @Test
    void aGoodSignatureStartsTheCountAgain() {
        Signer good = signer(RESET_KEY);
        Signer bad = Signer.of(clock).key(RESET_KEY, "not-the-secret");
        try (IdentityRows rows = IdentityRows.of(server.settings())) {
            for (int round = 0; round < 3; round++) {
                for (int i = 1; i <= 5; i++) {
                    assertThat(bad.send(http, "GET", PATH, null).status()).isEqualTo(401);
                }
                assertThat(rows.failuresAndLock(RESET_KEY)[0]).isEqualTo(5);
                assertThat(good.send(http, "GET", PATH, null).status()).as("round " + round).isEqualTo(200);
                assertThat(rows.failuresAndLock(RESET_KEY)).containsExactly(0, 0);
            }
        }
    }

    /**
     * Generated spoilings of good signed requests in each style (one part changed: the signature, a signed header,
     * the date, the path, the key, the header's shape): every answer is a documented 401 with a reason (never a
     * 5xx, never a secret), and a good request right after each one still passes.
     */
    @Test
    void generatedSpoiledSignaturesAreRefusedWithAReason() {
        SplittableRandom r = new SplittableRandom(20261201);
        SignatureAlgorithm[] styles = {SignatureAlgorithm.HMAC_SHA256, SignatureAlgorithm.HMAC_SM3,
                SignatureAlgorithm.DERIVED_HMAC_SHA256};
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            SignatureAlgorithm a = styles[r.nextInt(styles.length)];
            Signer good = signer(FUZZ_KEY).algorithm(a);
            String path = PATH + (r.nextBoolean() ? "" : "?limit=" + r.nextInt(1, 50) + "&offset=0");
            Http.Response response;
            int kind = r.nextInt(7);
            switch (kind) {
                case 0 -> {
                    StringBuilder sig = new StringBuilder(a == SignatureAlgorithm.HMAC_SM3 ? "1a" : "2b");
                    for (int j = 0; j < 62; j++) {
                        sig.append(Character.forDigit(r.nextInt(16), 16));
                    }
                    response = good.signature(sig.toString()).send(http, "GET", path, null);
                }
                case 1 -> response = Signer.of(clock).algorithm(a).key(FUZZ_KEY, SECRET + r.nextInt(1000))
                        .send(http, "GET", path, null);
                case 2 -> response = good.clock(Clock.offset(clock, Duration.ofSeconds(r.nextInt(-3000, 3000))))
                        .signature(null).send(http, "GET", path, null);
                case 3 -> response = good.scope(r.nextBoolean() ? "x" : "20260101/" + r.nextInt(9) + "/roma")
                        .send(http, "GET", path, null);
                case 4 -> response = good.securityToken("tok" + r.nextInt(), r.nextBoolean())
                        .send(http, "GET", path, null);
                case 5 -> response = Signer.of(clock).algorithm(a).key("FUZZ" + r.nextInt(100_000), SECRET)
                        .send(http, "GET", path, null);
                default -> {
                    String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                            .format(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
                    String[] shapes = {a.header(), a.header() + " ", a.header() + " Access=" + FUZZ_KEY,
                            a.header() + " Access=" + FUZZ_KEY + ",SignedHeaders=host,Signature=",
                            a.header() + " Credential=" + FUZZ_KEY + ", SignedHeaders=host;x-sdk-date, Signature=ab",
                            a.header() + " Access=" + FUZZ_KEY + ", SignedHeaders=" + "x;".repeat(r.nextInt(1, 300))
                                    + "host, Signature=00", a.header().toLowerCase() + " Access=a",
                            "SDK-SM2-SM3 Access=" + FUZZ_KEY + ", SignedHeaders=host, Signature=30",
                            a.header() + " Access=" + FUZZ_KEY + ", SignedHeaders=;;;;, Signature=00"};
                    response = http.send("GET", path, Map.of("X-Sdk-Date", date,
                            "Authorization", shapes[r.nextInt(shapes.length)]), null);
                }
            }
            if (response.status() == 200) {
                // A spoiling the signature does not cover: a date moved within the window (and signed so), a
                // security token a permanent key does not need, a credential scope outside V11.
                assertThat(kind == 2 || kind == 4 || (kind == 3 && a != SignatureAlgorithm.DERIVED_HMAC_SHA256))
                        .as(kind + " " + a + ": " + response.text()).isTrue();
            } else {
                String reason = refused(response, "APIGW.0301", PREFIX + "*");
                seen.add(reason.substring(0, Math.min(20, reason.length())));
            }
            Http.Response after = good.signature(null).scope(null).send(http, "GET", PATH, null);
            if (after.status() != 200) {
                // Six failures in a row only when the good request itself was refused: it never is.
                throw new AssertionError("a good request after spoiling " + kind + " was refused: " + after.text()
                        + " reason " + after.header(REASON));
            }
        }
        assertThat(seen.stream().distinct().count()).as(seen.toString()).isGreaterThanOrEqualTo(6);
    }
}
