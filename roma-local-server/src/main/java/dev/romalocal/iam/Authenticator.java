package dev.romalocal.iam;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.CoherentCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Establishes who is calling: an AK/SK signature in {@code Authorization} (every signing style of the SDK core
 * 3.1.143 that ROMA Local verifies: {@code SDK-HMAC-SHA256}, {@code SDK-HMAC-SM3}, {@code V11-HMAC-SHA256},
 * {@code SDK-ECDSA-P256-SHA256}, {@code SDK-SM2-SM3}; permanent and temporary access keys) or
 * {@code X-Auth-Token}. Failures are the documented 401s: {@code APIC.7102} for tokens, {@code APIGW.0301}
 * (gateway wording) for signatures; each carries a reason for the operator ({@link ApiException#reason}).
 *
 * <p>Tokens (by their SHA-256) and access keys (with the unsealed secret, the lock and the failure count) are
 * cached, coherently with the store. Signatures are still computed for every request. The store is written only
 * when a signature fails (the failure is counted; more than {@value #FAILURES_ALLOWED} in a row lock the key for
 * five minutes) and when a good signature follows failures (the count starts again).
 */
public final class Authenticator {
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    /** Consecutive signature failures allowed: the next one locks the access key. */
    static final int FAILURES_ALLOWED = 5;
    static final Duration LOCK_DURATION = Duration.ofMinutes(5);
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final String SECURITY_TOKEN = "X-Security-Token";
    static final int MAX_TOKEN_LENGTH = 16_384;
    static final String LOCKED_MESSAGE = "AK access failed to reach the limit,forbidden.";
    static final String TEMPORARY_KEY_EXPIRED_MESSAGE = "calc ak sk signature fail:signature expired";
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    /** An access key as the cache keeps it: the secret, unsealed, its row and user, keys derived from it. */
    record Key(String secret, IamStore.AccessKeyIdentity identity, DerivedKeys derived) {
    }

    /** A token as the cache keeps it (keyed by the token itself): its digest, its row, its principal. */
    record Token(String hash, IamStore.TokenIdentity identity, Principal principal) {
    }

    private final IamStore store;
    private final SecretSealer sealer;
    private final Clock clock;
    private final CoherentCache<String, Token> tokens;
    private final CoherentCache<String, Key> keys;
    /** Sealed values already reported as unsealable (the log says it once, not once per request). */
    private final java.util.Set<String> unsealFailuresLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Authenticator(IamStore store, SecretSealer sealer, Clock clock, ChangeFeed feed) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
        this.tokens = CoherentCache.ofSize(100_000, feed::live);
        this.keys = CoherentCache.ofSize(10_000, feed::live);
        feed.onChange(ChangeFeed.Kind.TOKEN, hash -> tokens.invalidateValuesIf(t -> t.hash().equals(hash)));
        feed.onChange(ChangeFeed.Kind.ACCESS_KEY, keys::invalidate);
        feed.onChange(ChangeFeed.Kind.USER, user -> {
            tokens.invalidateValuesIf(t -> t.identity().userId().equals(user));
            keys.invalidateValuesIf(k -> k.identity().userId().equals(user));
        });
        feed.onReset(() -> {
            tokens.clear();
            keys.clear();
        });
    }

    /**
     * Authenticates from the caches, reading the store on a miss (on a thread that must not block, a miss throws
     * {@code Blocking.Needed} instead: the caller runs it again on a worker).
     */
    public Principal authenticate(SignedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && !authorization.isEmpty()) {
            return verifySignature(request, authorization);
        }
        String token = request.header("X-Auth-Token");
        if (token == null || token.isEmpty()) {
            throw tokenRefused("no credentials: the request carries neither X-Auth-Token nor an Authorization "
                    + "header with an AK/SK signature");
        }
        return verifyToken(token);
    }

    // --- tokens ----------------------------------------------------------------------------------------------

    private Principal verifyToken(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw tokenRefused("malformed token: X-Auth-Token is " + token.length() + " characters long, over the "
                    + MAX_TOKEN_LENGTH + " accepted");
        }
        Token cached = tokens.get(token, this::loadToken);
        if (cached == null) {
            throw tokenRefused(looksIssued(token)
                    ? "unknown token: this server did not issue it (or removed it a while after it expired; a "
                    + "server started on another store does not know it)"
                    : "malformed token: not a token this server issues (those are 'MIIRL' followed by base64url "
                    + "characters)");
        }
        IamStore.TokenIdentity t = cached.identity();
        if (t.revoked()) {
            throw tokenRefused("token revoked (DELETE /v3/auth/tokens, a password change, or its user retired)");
        }
        if (!t.enabled()) {
            throw tokenRefused("the token's user '" + t.userName() + "' is disabled");
        }
        long now = clock.millis();
        if (now >= t.expiresAt()) {
            throw tokenRefused("token expired at " + Instant.ofEpochMilli(t.expiresAt()) + " (server time "
                    + Instant.ofEpochMilli(now) + ")");
        }
        return cached.principal();
    }

    private static boolean looksIssued(String token) {
        if (!token.startsWith("MIIRL") || token.length() < 16) {
            return false;
        }
        for (int i = 5; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private Token loadToken(String token) {
        String hash = tokenHash(token);
        return store.tokenIdentity(hash).map(t -> new Token(hash, t, new Principal(t.userId(), t.userName(),
                t.domainId(), t.domainName(), t.admin(), t.projectId(), false, Principal.Method.TOKEN,
                t.expiresAt()))).orElse(null);
    }

    private static ApiException tokenRefused(String reason) {
        return new ApiException(ErrorCode.TOKEN_INVALID).reason(reason);
    }

    // --- signatures ------------------------------------------------------------------------------------------

    /**
     * Checks what a signed request's headers alone can tell (algorithm, shape, date window, a known, enabled,
     * unlocked and unexpired access key, a temporary key's security token) before its body is read: a request
     * that fails here never gets its body buffered.
     */
    public void precheckSignature(SignedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && !authorization.isEmpty()) {
            signed(request, authorization);
        }
    }

    /** The parts of a signature's {@code Authorization} header, its date, and the key it names. */
    private record Signed(SignatureAlgorithm algorithm, String accessKey, String scope, Key key,
                          String signedHeaderList, String signature, String sdkDate, long now) {
    }

    /** What {@code Authorization} carries after the algorithm's name. */
    private record Parts(String accessKey, String scope, String signedHeaderList, String signature) {
    }

    private Signed signed(SignedRequest request, String authorization) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(authorization);
        if (algorithm == null && SignatureAlgorithm.of(authorization + " ") != null) {
            throw signatureError("the Authorization header must carry its credential, SignedHeaders and Signature",
                    "malformed Authorization header: nothing follows the algorithm's name");
        }
        if (algorithm == null) {
            int space = authorization.indexOf(' ');
            String name = space < 0 ? authorization : authorization.substring(0, space);
            if (name.length() > 64) {
                name = name.substring(0, 64) + "...";
            }
            throw signatureError("unsupported signature algorithm '" + name + "' (ROMA Local verifies "
                    + supportedNames() + ")", "unsupported signature algorithm '" + name + "': the Authorization "
                    + "header must open with one of " + supportedNames() + " and a space");
        }
        Parts parts = parse(authorization, algorithm);
        if (parts == null) {
            String shape = algorithm == SignatureAlgorithm.DERIVED_HMAC_SHA256
                    ? "Credential=<AK>/<yyyyMMdd>/<region>/<service>, SignedHeaders=<h1;h2>, Signature=<hex>"
                    : "Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>";
            throw signatureError("the Authorization header must carry " + (algorithm
                            == SignatureAlgorithm.DERIVED_HMAC_SHA256 ? "Credential" : "Access")
                            + ", SignedHeaders and Signature",
                    "malformed Authorization header: expected '" + algorithm.header() + " " + shape + "'");
        }
        String sdkDate = request.header("X-Sdk-Date");
        if (sdkDate == null) {
            throw signatureError("x-sdk-date not found", "the X-Sdk-Date header is missing (every signing style "
                    + "signs it)");
        }
        long signedAt = parseSdkDate(sdkDate);
        if (signedAt == Long.MIN_VALUE) {
            throw signatureError("x-sdk-date '" + sdkDate + "' is not yyyyMMdd'T'HHmmss'Z'",
                    "malformed X-Sdk-Date: expected yyyyMMdd'T'HHmmss'Z' (UTC)");
        }
        long now = clock.millis();
        long skew = now - signedAt;
        if (Math.abs(skew) > MAX_CLOCK_SKEW.toMillis()) {
            throw signatureError("calc ak sk signature fail:signature expired, signature time:" + sdkDate
                    + ",server time:" + formatSdkDate(now), "date outside the window: X-Sdk-Date " + sdkDate
                    + " is " + describe(Math.abs(skew)) + (skew > 0 ? " behind" : " ahead of") + " the server's "
                    + "clock (" + Instant.ofEpochMilli(now) + "); signatures are accepted within "
                    + MAX_CLOCK_SKEW.toMinutes() + " minutes of it");
        }
        String accessKey = parts.accessKey();
        if (parts.scope() != null) {
            checkScope(parts.scope(), sdkDate);
        }
        Key key = keys.get(accessKey, this::loadKey);
        if (key == null) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:ak not exist",
                    "unknown access key " + accessKey + ": no account of this server has it");
        }
        IamStore.AccessKeyIdentity id = key.identity();
        if (!id.keyEnabled()) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:ak is disabled",
                    "inactive access key " + accessKey + " (of user '" + id.userName() + "')");
        }
        if (!id.enabled()) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:ak is disabled",
                    "access key " + accessKey + " belongs to user '" + id.userName() + "', who is disabled");
        }
        if (now < id.lockedUntil()) {
            throw signatureError(LOCKED_MESSAGE, "access key " + accessKey + " is locked until "
                    + Instant.ofEpochMilli(id.lockedUntil()) + " after more than " + FAILURES_ALLOWED
                    + " consecutive signature failures");
        }
        if (id.expiresAt() != null && now >= id.expiresAt()) {
            throw signatureError(TEMPORARY_KEY_EXPIRED_MESSAGE, "temporary access key " + accessKey
                    + " expired at " + Instant.ofEpochMilli(id.expiresAt()) + " (server time "
                    + Instant.ofEpochMilli(now) + ")");
        }
        if (id.securityTokenHash() != null) {
            checkSecurityToken(request, accessKey, id.securityTokenHash(), parts.signedHeaderList());
        }
        return new Signed(algorithm, accessKey, parts.scope(), key, parts.signedHeaderList(), parts.signature(),
                sdkDate, now);
    }

    /** A derived credential's scope: {@code yyyyMMdd/<region>/<service>}, dated the day of X-Sdk-Date. */
    private static void checkScope(String scope, String sdkDate) {
        int first = scope.indexOf('/');
        int second = first < 0 ? -1 : scope.indexOf('/', first + 1);
        if (first != 8 || second < 0 || second == first + 1 || second == scope.length() - 1
                || scope.indexOf('/', second + 1) >= 0) {
            throw signatureError("the credential scope must be <yyyyMMdd>/<region>/<service>",
                    "malformed V11-HMAC-SHA256 credential scope: expected Credential=<AK>/<yyyyMMdd>/<region>/"
                            + "<service>");
        }
        if (!scope.regionMatches(0, sdkDate, 0, 8)) {
            throw signatureError("the credential scope date " + scope.substring(0, 8) + " is not the date of "
                    + "x-sdk-date " + sdkDate, "the V11-HMAC-SHA256 credential scope is dated "
                    + scope.substring(0, 8) + " but X-Sdk-Date is " + sdkDate + ": the derived key is per day");
        }
    }

    /** A temporary key's security token: sent, signed, and the one issued with the key. */
    private static void checkSecurityToken(SignedRequest request, String accessKey, String expectedHash,
                                           String signedHeaderList) {
        String token = request.header(SECURITY_TOKEN);
        if (token == null || token.isEmpty()) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:x-security-token not found",
                    "missing security token: access key " + accessKey + " is temporary and the request carries "
                            + "no X-Security-Token");
        }
        if (!listsHeader(signedHeaderList, "x-security-token")) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:x-security-token is not signed",
                    "unsigned security token: X-Security-Token must be among the SignedHeaders (the SDK signs it)");
        }
        String hash = SdkSigning.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                expectedHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:security token is invalid",
                    "wrong security token: the X-Security-Token sent is not the one issued with temporary access "
                            + "key " + accessKey);
        }
    }

    private static boolean listsHeader(String list, String lowerName) {
        int from = 0;
        while (from <= list.length()) {
            int end = list.indexOf(';', from);
            if (end < 0) {
                end = list.length();
            }
            if (end - from == lowerName.length() && list.regionMatches(true, from, lowerName, 0, lowerName.length())) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    private Principal verifySignature(SignedRequest request, String authorization) {
        Signed signed = signed(request, authorization);
        SignatureAlgorithm algorithm = signed.algorithm();
        Key key = signed.key();
        IamStore.AccessKeyIdentity id = key.identity();
        List<String> signedHeaders = new ArrayList<>(6);
        Map<String, String> values = new HashMap<>(12);
        String list = signed.signedHeaderList();
        int from = 0;
        while (from < list.length()) {
            int end = list.indexOf(';', from);
            if (end < 0) {
                end = list.length();
            }
            if (end > from) {
                String lower = list.substring(from, end).toLowerCase(Locale.US);
                signedHeaders.add(lower);
                values.put(lower, request.header(lower));
            }
            from = end + 1;
        }
        String payloadHash = payloadHash(request, signed);
        String canonical = SdkSigning.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(),
                signedHeaders, values, payloadHash);
        boolean good = switch (algorithm) {
            case HMAC_SHA256 -> matches(SdkSigning.signature(key.secret(),
                    SdkSigning.stringToSign(signed.sdkDate(), canonical)), signed.signature());
            case HMAC_SM3 -> matches(SdkSigning.sm3Signature(key.secret(),
                    SdkSigning.stringToSign(algorithm, signed.sdkDate(), null, canonical)), signed.signature());
            case DERIVED_HMAC_SHA256 -> matches(SdkSigning.signature(
                    key.derived().key(signed.accessKey(), key.secret(), signed.scope()),
                    SdkSigning.stringToSign(algorithm, signed.sdkDate(), signed.scope(), canonical)),
                    signed.signature());
            case ECDSA_P256_SHA256, SM2_SM3 -> key.derived().verifyEc(algorithm, signed.accessKey(), key.secret(),
                    SdkSigning.stringToSign(algorithm, signed.sdkDate(), null, canonical), signed.signature());
        };
        if (!good) {
            String shown = redact(canonical).replace('\n', '|');
            throw failed(signed, "verify aksk signature fail, canonicalRequest:" + shown, "wrong signature: the "
                    + algorithm.header() + " signature by access key " + signed.accessKey() + " does not match "
                    + "the canonical request the server computed (compare it with the client's; newlines as |): "
                    + shown);
        }
        if (id.failures() > 0) {
            store.resetSignatureFailures(signed.accessKey());
        }
        String projectId = request.header("X-Project-Id");
        boolean scoped = projectId != null && !projectId.isEmpty();
        return new Principal(id.userId(), id.userName(), id.domainId(), id.domainName(), id.admin(),
                scoped ? projectId : null, !scoped, Principal.Method.AKSK,
                id.expiresAt() == null ? Long.MAX_VALUE : id.expiresAt());
    }

    private static boolean matches(String expected, String received) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                received.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Counts a signature failure of a known key (in the store, so that every node sees it) and refuses: the
     * failure after {@value #FAILURES_ALLOWED} consecutive ones locks the key for {@link #LOCK_DURATION}.
     */
    private ApiException failed(Signed signed, String message, String reason) {
        long until = signed.now() + LOCK_DURATION.toMillis();
        IamStore.SignatureFailures f = store.recordSignatureFailure(signed.accessKey(), FAILURES_ALLOWED, until);
        String count;
        if (f == null) {
            count = "";
        } else if (f.failures() == 0 && f.lockedUntil() >= until) {
            count = " [consecutive failure " + (FAILURES_ALLOWED + 1) + ": the access key is now locked until "
                    + Instant.ofEpochMilli(f.lockedUntil()) + "]";
        } else {
            count = " [consecutive failure " + f.failures() + "; more than " + FAILURES_ALLOWED + " lock the key for "
                    + LOCK_DURATION.toMinutes() + " minutes]";
        }
        // The count goes first: the canonical request at the end may be cut to the header's length.
        int colon = reason.indexOf(':');
        return signatureError(message, reason.substring(0, colon) + count + reason.substring(colon));
    }

    /**
     * The payload hash the signature covers. As the SDK signs: the algorithm's payload header
     * ({@code X-Sdk-Content-Sha256}, {@code X-Sdk-Content-Sm3}) when there is one (the SDK sends
     * {@code UNSIGNED-PAYLOAD} there for bodies other than JSON), else the body's digest. A header that claims a
     * hash must be the hash of the body received: otherwise a captured signed request could carry another body.
     */
    private String payloadHash(SignedRequest request, Signed signed) {
        PayloadDigest digest = signed.algorithm().digest();
        String claimed = request.header(digest.header());
        if (claimed == null) {
            return request.bodyHashHex(digest);
        }
        if (!claimed.equals(UNSIGNED_PAYLOAD) && !claimed.equalsIgnoreCase(request.bodyHashHex(digest))) {
            throw failed(signed, "the payload hash in " + digest.header() + " does not match the body received",
                    "payload hash mismatch: " + digest.header() + " claims a hash that is not the "
                            + digest.name() + " of the body received (a body other than the one signed)");
        }
        return claimed;
    }

    /** A canonical request as shown in messages and logs: credentials among its header lines are masked. */
    static String redact(String canonical) {
        if (canonical.indexOf("x-security-token:") < 0 && canonical.indexOf("x-auth-token:") < 0) {
            return canonical;
        }
        StringBuilder sb = new StringBuilder(canonical.length());
        for (String line : canonical.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            if (line.startsWith("x-security-token:") || line.startsWith("x-auth-token:")) {
                sb.append(line, 0, line.indexOf(':') + 1).append("<redacted>");
            } else {
                sb.append(line);
            }
        }
        return sb.toString();
    }

    /**
     * The parts after the algorithm's name: {@code Access=} (or, for derived credentials,
     * {@code Credential=<AK>/<scope>}), {@code SignedHeaders=} and {@code Signature=}, separated by commas and
     * optional spaces. Null when one is missing or empty.
     */
    static Parts parse(String authorization, SignatureAlgorithm algorithm) {
        boolean derived = algorithm == SignatureAlgorithm.DERIVED_HMAC_SHA256;
        String accessKey = null;
        String scope = null;
        String signedHeaderList = null;
        String signature = null;
        int n = authorization.length();
        int i = algorithm.header().length() + 1;
        while (i < n) {
            while (i < n && authorization.charAt(i) == ' ') {
                i++;
            }
            int end = authorization.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int last = end;
            while (last > i && authorization.charAt(last - 1) == ' ') {
                last--;
            }
            if (!derived && authorization.startsWith("Access=", i)) {
                accessKey = authorization.substring(i + 7, last);
            } else if (derived && authorization.startsWith("Credential=", i)) {
                int slash = authorization.indexOf('/', i + 11);
                if (slash > 0 && slash < last) {
                    accessKey = authorization.substring(i + 11, slash);
                    scope = authorization.substring(slash + 1, last);
                }
            } else if (authorization.startsWith("SignedHeaders=", i)) {
                signedHeaderList = authorization.substring(i + 14, last);
            } else if (authorization.startsWith("Signature=", i)) {
                signature = authorization.substring(i + 10, last);
            }
            i = end + 1;
        }
        if (accessKey == null || accessKey.isEmpty() || signedHeaderList == null || signedHeaderList.isEmpty()
                || signature == null || signature.isEmpty() || (derived && (scope == null || scope.isEmpty()))) {
            return null;
        }
        return new Parts(accessKey, scope, signedHeaderList, signature);
    }

    private static String supportedNames() {
        return "SDK-HMAC-SHA256, SDK-HMAC-SM3, V11-HMAC-SHA256, SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3";
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} (UTC) as epoch milliseconds, or Long.MIN_VALUE when malformed. */
    static long parseSdkDate(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 4, 6);
        int day = digits(s, 6, 8);
        int hour = digits(s, 9, 11);
        int minute = digits(s, 11, 13);
        int second = digits(s, 13, 15);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        try {
            return java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400_000L
                    + (hour * 3600L + minute * 60L + second) * 1000L;
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String formatSdkDate(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .format(java.time.LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), java.time.ZoneOffset.UTC));
    }

    private static String describe(long millis) {
        long s = millis / 1000;
        return s >= 3600 ? (s / 3600) + " h " + (s % 3600 / 60) + " min" : (s / 60) + " min " + (s % 60) + " s";
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private Key loadKey(String accessKey) {
        IamStore.AccessKeyIdentity k = store.accessKeyIdentity(accessKey).orElse(null);
        if (k == null) {
            return null;
        }
        if (!k.keyEnabled() || !k.enabled()) {
            return new Key(null, k, null); // refused as inactive before its secret is needed
        }
        try {
            return new Key(sealer.unseal(k.secretSealed()), k, new DerivedKeys());
        } catch (SecretSealer.UnsealException e) {
            // A node started with another master key on the same store (or a corrupt value). Not cached: it heals
            // as soon as the key is sealed again under this node's master key. Logged once per stored value.
            if (unsealFailuresLogged.add(k.secretSealed()) && unsealFailuresLogged.size() < 1_000) {
                LOG.error("access key {} cannot be used: its stored secret key was sealed under another master key "
                        + "(the nodes sharing this store must share ROMA_LOCAL_MASTER_KEY); requests signed with "
                        + "it answer {}", accessKey, ErrorCode.SECRET_UNSEALABLE.code());
            }
            throw new ApiException(ErrorCode.SECRET_UNSEALABLE);
        }
    }

    private static ApiException signatureError(String detail, String reason) {
        return new ApiException(ErrorCode.SIGNATURE_INVALID, detail).reason(reason);
    }

    public static String tokenHash(String token) {
        return SdkSigning.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }

    /** The caches, by name (metrics: docs/metrics.md). */
    public java.util.Map<String, CoherentCache<?, ?>> caches() {
        return java.util.Map.of("tokens", tokens, "access_keys", keys);
    }
}
