package dev.romalocal.testing;

import dev.romalocal.config.Settings;
import dev.romalocal.iam.SdkSigning;
import dev.romalocal.iam.SignatureAlgorithm;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs requests as the SDK signs them, in each HMAC style ({@code SDK-HMAC-SHA256}, {@code SDK-HMAC-SM3},
 * {@code V11-HMAC-SHA256}), with or without a security token, at a given time, and with the knobs a test needs to
 * spoil one part at a time. Immutable: each {@code with...} returns a copy.
 */
public final class Signer {
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final SignatureAlgorithm algorithm;
    private final String ak;
    private final String sk;
    private final String projectId;
    private final Clock clock;
    private final String securityToken;
    private final boolean signToken;
    private final String scope;
    private final String signatureOverride;
    private boolean chunked;

    private Signer(SignatureAlgorithm algorithm, String ak, String sk, String projectId, Clock clock,
                   String securityToken, boolean signToken, String scope, String signatureOverride) {
        this.algorithm = algorithm;
        this.ak = ak;
        this.sk = sk;
        this.projectId = projectId;
        this.clock = clock;
        this.securityToken = securityToken;
        this.signToken = signToken;
        this.scope = scope;
        this.signatureOverride = signatureOverride;
    }

    /** The built-in key, SDK-HMAC-SHA256, the built-in project, dated by the given clock. */
    public static Signer of(Clock clock) {
        return new Signer(SignatureAlgorithm.HMAC_SHA256, Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY,
                Settings.DEFAULT_PROJECT_ID, clock, null, true, null, null);
    }

    public Signer algorithm(SignatureAlgorithm a) {
        return new Signer(a, ak, sk, projectId, clock, securityToken, signToken, scope, signatureOverride);
    }

    public Signer key(String accessKey, String secretKey) {
        return new Signer(algorithm, accessKey, secretKey, projectId, clock, securityToken, signToken, scope,
                signatureOverride);
    }

    public Signer clock(Clock c) {
        return new Signer(algorithm, ak, sk, projectId, c, securityToken, signToken, scope, signatureOverride);
    }

    /** Sends {@code X-Security-Token}, signed (as the SDK does) or not. */
    public Signer securityToken(String token, boolean signed) {
        return new Signer(algorithm, ak, sk, projectId, clock, token, signed, scope, signatureOverride);
    }

    /** The V11 credential scope; by default {@code <X-Sdk-Date's day>/cn-north-4/roma}. */
    public Signer scope(String s) {
        return new Signer(algorithm, ak, sk, projectId, clock, securityToken, signToken, s, signatureOverride);
    }

    /** Sends this signature instead of the right one. */
    public Signer signature(String s) {
        return new Signer(algorithm, ak, sk, projectId, clock, securityToken, signToken, scope, s);
    }

    /** Sends the body chunked (no Content-Length), as the SDK's HTTP client does. */
    public Signer chunked() {
        Signer s = new Signer(algorithm, ak, sk, projectId, clock, securityToken, signToken, scope,
                signatureOverride);
        s.chunked = true;
        return s;
    }

    private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    public Http.Response send(Http http, String method, String pathAndQuery, String body) {
        URI uri = URI.create(http.endpoint() + pathAndQuery);
        String date = SDK_DATE.format(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", uri.getRawAuthority());
        signed.put("user-agent", "huaweicloud-usdk-java/3.0");
        if (projectId != null) {
            signed.put("x-project-id", projectId);
        }
        signed.put("x-sdk-date", date);
        if (securityToken != null && signToken) {
            signed.put("x-security-token", securityToken);
        }
        List<String> names = new ArrayList<>(signed.keySet());
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String canonical = SdkSigning.canonicalRequest(method, uri.getRawPath(), uri.getRawQuery(), names, signed,
                algorithm.digest().hex(bytes));
        String credentialScope = scope != null ? scope : date.substring(0, 8) + "/cn-north-4/roma";
        String signature = switch (algorithm) {
            case HMAC_SHA256 -> SdkSigning.signature(sk, SdkSigning.stringToSign(algorithm, date, null, canonical));
            case HMAC_SM3 -> SdkSigning.sm3Signature(sk, SdkSigning.stringToSign(algorithm, date, null, canonical));
            case DERIVED_HMAC_SHA256 -> SdkSigning.signature(SdkSigning.derivedSigningKey(ak, sk, credentialScope),
                    SdkSigning.stringToSign(algorithm, date, credentialScope, canonical));
            default -> "00";
        };
        if (signatureOverride != null) {
            signature = signatureOverride;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", signed.get("user-agent"));
        if (projectId != null) {
            headers.put("X-Project-Id", projectId);
        }
        headers.put("X-Sdk-Date", date);
        if (securityToken != null) {
            headers.put("X-Security-Token", securityToken);
        }
        headers.put("Content-Type", "application/json");
        String credential = algorithm == SignatureAlgorithm.DERIVED_HMAC_SHA256
                ? "Credential=" + ak + "/" + credentialScope : "Access=" + ak;
        headers.put("Authorization", algorithm.header() + " " + credential + ", SignedHeaders="
                + String.join(";", names) + ", Signature=" + signature);
        if (!chunked || body == null) {
            return http.send(method, pathAndQuery, headers, body);
        }
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(uri)
                .timeout(java.time.Duration.ofSeconds(30))
                .method(method, java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)));
        headers.forEach(b::header);
        try {
            java.net.http.HttpResponse<byte[]> r = CLIENT.send(b.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return new Http.Response(r.statusCode(), r, new String(r.body(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
