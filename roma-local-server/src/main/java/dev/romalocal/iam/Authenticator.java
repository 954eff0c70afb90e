package dev.romalocal.iam;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Establishes who is calling: {@code Authorization: SDK-HMAC-SHA256 ...} (checked exactly as the SDK signs,
 * api-facts §5) or {@code X-Auth-Token}. Failures are the documented 401s: {@code APIC.7102} for tokens,
 * {@code APIGW.0301} (gateway wording) for signatures.
 */
public final class Authenticator {
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final IamStore store;
    private final SecretSealer sealer;
    private final Clock clock;

    public Authenticator(IamStore store, SecretSealer sealer, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
    }

    public Principal authenticate(SignedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && !authorization.isEmpty()) {
            return verifySignature(request, authorization);
        }
        String token = request.header("X-Auth-Token");
        if (token == null || token.isEmpty()) {
            throw new ApiException(ErrorCode.TOKEN_INVALID);
        }
        return verifyToken(token);
    }

    public Principal verifyToken(String token) {
        if (token.length() > 16_384) {
            throw new ApiException(ErrorCode.TOKEN_INVALID);
        }
        IamStore.TokenIdentity t = store.tokenIdentity(tokenHash(token))
                .orElseThrow(() -> new ApiException(ErrorCode.TOKEN_INVALID));
        long now = clock.millis();
        if (t.revoked() || !t.enabled() || now >= t.expiresAt()) {
            throw new ApiException(ErrorCode.TOKEN_INVALID);
        }
        return new Principal(t.userId(), t.userName(), t.domainId(), t.domainName(), t.admin(), t.projectId(),
                false, Principal.Method.TOKEN, t.expiresAt());
    }

    private Principal verifySignature(SignedRequest request, String authorization) {
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        if (!algorithm.equals(SdkSigning.ALGORITHM)) {
            throw signatureError("unsupported signature algorithm '" + algorithm
                    + "' (ROMA Local verifies SDK-HMAC-SHA256, the SDK's default)");
        }
        Map<String, String> fields = parseFields(authorization.substring(space + 1));
        String accessKey = fields.get("Access");
        String signedHeaderList = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (accessKey == null || signedHeaderList == null || signature == null || signedHeaderList.isEmpty()) {
            throw signatureError("the Authorization header must carry Access, SignedHeaders and Signature");
        }
        String sdkDate = request.header("X-Sdk-Date");
        if (sdkDate == null) {
            throw signatureError("x-sdk-date not found");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(sdkDate, SDK_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw signatureError("x-sdk-date '" + sdkDate + "' is not yyyyMMdd'T'HHmmss'Z'");
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw signatureError("calc ak sk signature fail:signature expired, signature time:" + sdkDate
                    + ",server time:" + SDK_DATE.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
        }
        IamStore.AccessKeyIdentity key = store.accessKeyIdentity(accessKey).orElseThrow(() ->
                signatureError("Get secretKey failed,ak:" + accessKey + ",err:ak not exist"));
        if (!key.keyEnabled() || !key.enabled()) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:ak is disabled");
        }
        List<String> signedHeaders = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        for (String name : signedHeaderList.split(";")) {
            String lower = name.toLowerCase(Locale.US);
            signedHeaders.add(lower);
            values.put(lower, request.header(lower));
        }
        String payloadHash = request.header("X-Sdk-Content-Sha256");
        if (payloadHash == null) {
            payloadHash = SdkSigning.sha256Hex(request.body());
        }
        String canonical = SdkSigning.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(),
                signedHeaders, values, payloadHash);
        String expected = SdkSigning.signature(sealer.unseal(key.secretSealed()),
                SdkSigning.stringToSign(sdkDate, canonical));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw signatureError("verify aksk signature fail, canonicalRequest:" + canonical.replace('\n', '|'));
        }
        String projectId = request.header("X-Project-Id");
        return new Principal(key.userId(), key.userName(), key.domainId(), key.domainName(), key.admin(),
                projectId == null || projectId.isEmpty() ? null : projectId, projectId == null || projectId.isEmpty(),
                Principal.Method.AKSK, Long.MAX_VALUE);
    }

    /** {@code Access=AK, SignedHeaders=a;b, Signature=hex} into a map. */
    private static Map<String, String> parseFields(String s) {
        Map<String, String> out = new HashMap<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static ApiException signatureError(String detail) {
        return new ApiException(ErrorCode.SIGNATURE_INVALID, detail);
    }

    public static String tokenHash(String token) {
        return SdkSigning.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }
}
