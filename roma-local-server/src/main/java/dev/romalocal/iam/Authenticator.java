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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Establishes who is calling: {@code Authorization: SDK-HMAC-SHA256 ...} (checked exactly as the SDK 3.1.143
 * signs) or {@code X-Auth-Token}. Failures are the documented 401s: {@code APIC.7102} for tokens,
 * {@code APIGW.0301} (gateway wording) for signatures.
 *
 * <p>Tokens (by their SHA-256) and access keys (with the unsealed secret) are cached, coherently with the store.
 * Signatures are still computed for every request.
 */
public final class Authenticator {
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    static final String CONTENT_SHA256 = "X-Sdk-Content-Sha256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** An access key as the cache keeps it: the secret, unsealed, and its user. */
    record Key(String secret, IamStore.AccessKeyIdentity identity) {
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
            throw new ApiException(ErrorCode.TOKEN_INVALID);
        }
        return verifyToken(token);
    }

    private Principal verifyToken(String token) {
        if (token.length() > 16_384) {
            throw new ApiException(ErrorCode.TOKEN_INVALID);
        }
        Token cached = tokens.get(token, this::loadToken);
        if (cached == null) {
            throw new ApiException(ErrorCode.TOKEN_INVALID);
        }
        IamStore.TokenIdentity t = cached.identity();
        if (t.revoked() || !t.enabled() || clock.millis() >= t.expiresAt()) {
            throw new ApiException(ErrorCode.TOKEN_INVALID);
        }
        return cached.principal();
    }

    private Token loadToken(String token) {
        String hash = tokenHash(token);
        return store.tokenIdentity(hash).map(t -> new Token(hash, t, new Principal(t.userId(), t.userName(),
                t.domainId(), t.domainName(), t.admin(), t.projectId(), false, Principal.Method.TOKEN,
                t.expiresAt()))).orElse(null);
    }

    /**
     * Checks what a signed request's headers alone can tell (algorithm, shape, date window, a known and enabled
     * access key) before its body is read: a request that fails here never gets its body buffered.
     */
    public void precheckSignature(SignedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && !authorization.isEmpty()) {
            signed(request, authorization);
        }
    }

    /** The parts of a signature's {@code Authorization} header, its date, and the key it names. */
    private record Signed(Key key, String signedHeaderList, String signature, String sdkDate) {
    }

    private Signed signed(SignedRequest request, String authorization) {
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        if (!algorithm.equals(SdkSigning.ALGORITHM)) {
            throw signatureError("unsupported signature algorithm '" + algorithm
                    + "' (ROMA Local verifies SDK-HMAC-SHA256, the SDK's default)");
        }
        String accessKey = null;
        String signedHeaderList = null;
        String signature = null;
        for (String part : authorization.substring(space + 1).split(",")) {
            String p = part.trim();
            if (p.startsWith("Access=")) {
                accessKey = p.substring(7);
            } else if (p.startsWith("SignedHeaders=")) {
                signedHeaderList = p.substring(14);
            } else if (p.startsWith("Signature=")) {
                signature = p.substring(10);
            }
        }
        if (accessKey == null || signedHeaderList == null || signature == null || signedHeaderList.isEmpty()) {
            throw signatureError("the Authorization header must carry Access, SignedHeaders and Signature");
        }
        String sdkDate = request.header("X-Sdk-Date");
        if (sdkDate == null) {
            throw signatureError("x-sdk-date not found");
        }
        long signedAt = parseSdkDate(sdkDate);
        if (signedAt == Long.MIN_VALUE) {
            throw signatureError("x-sdk-date '" + sdkDate + "' is not yyyyMMdd'T'HHmmss'Z'");
        }
        long now = clock.millis();
        if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW.toMillis()) {
            throw signatureError("calc ak sk signature fail:signature expired, signature time:" + sdkDate
                    + ",server time:" + SDK_DATE.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(now),
                    ZoneOffset.UTC)));
        }
        Key key = keys.get(accessKey, this::loadKey);
        if (key == null) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:ak not exist");
        }
        IamStore.AccessKeyIdentity id = key.identity();
        if (!id.keyEnabled() || !id.enabled()) {
            throw signatureError("Get secretKey failed,ak:" + accessKey + ",err:ak is disabled");
        }
        return new Signed(key, signedHeaderList, signature, sdkDate);
    }

    private Principal verifySignature(SignedRequest request, String authorization) {
        Signed signed = signed(request, authorization);
        Key key = signed.key();
        IamStore.AccessKeyIdentity id = key.identity();
        String sdkDate = signed.sdkDate();
        String signature = signed.signature();
        List<String> signedHeaders = new ArrayList<>(6);
        Map<String, String> values = new HashMap<>(12);
        for (String name : signed.signedHeaderList().split(";")) {
            String lower = name.toLowerCase(Locale.US);
            signedHeaders.add(lower);
            values.put(lower, request.header(lower));
        }
        String payloadHash = payloadHash(request);
        String canonical = SdkSigning.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(),
                signedHeaders, values, payloadHash);
        String expected = SdkSigning.signature(key.secret(), SdkSigning.stringToSign(sdkDate, canonical));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw signatureError("verify aksk signature fail, canonicalRequest:" + canonical.replace('\n', '|'));
        }
        String projectId = request.header("X-Project-Id");
        boolean scoped = projectId != null && !projectId.isEmpty();
        return new Principal(id.userId(), id.userName(), id.domainId(), id.domainName(), id.admin(),
                scoped ? projectId : null, !scoped, Principal.Method.AKSK, Long.MAX_VALUE);
    }

    /**
     * The payload hash the signature covers. As the SDK signs: the {@code X-Sdk-Content-Sha256} header when there
     * is one (the SDK sends {@code UNSIGNED-PAYLOAD} there for bodies other than JSON), else the body's SHA-256.
     * A header that claims a hash must be the hash of the body received: otherwise a captured signed request could
     * carry another body.
     */
    private static String payloadHash(SignedRequest request) {
        String claimed = request.header(CONTENT_SHA256);
        if (claimed == null) {
            return request.bodySha256Hex();
        }
        if (!claimed.equals(UNSIGNED_PAYLOAD) && !claimed.equalsIgnoreCase(request.bodySha256Hex())) {
            throw signatureError("the payload hash in X-Sdk-Content-Sha256 does not match the body received");
        }
        return claimed;
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
            return new Key(null, k); // refused as disabled before its secret is needed
        }
        try {
            return new Key(sealer.unseal(k.secretSealed()), k);
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

    private static ApiException signatureError(String detail) {
        return new ApiException(ErrorCode.SIGNATURE_INVALID, detail);
    }

    public static String tokenHash(String token) {
        return SdkSigning.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }
}
