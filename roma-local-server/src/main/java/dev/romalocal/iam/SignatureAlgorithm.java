package dev.romalocal.iam;

/**
 * The signing styles of the Huawei Cloud SDK core 3.1.143, told apart by the first token of {@code Authorization}
 * (the SDK's {@code HttpConfig.withSigningAlgorithm(...)}, and {@code V11-HMAC-SHA256} for derived credentials).
 */
public enum SignatureAlgorithm {
    /** The SDK's default ({@code AKSKSigner}): HMAC-SHA256 keyed with the secret key. */
    HMAC_SHA256("SDK-HMAC-SHA256", PayloadDigest.SHA256),
    /** {@code SigningAlgorithm.HMAC_SM3} ({@code SM3AKSKSigner}): SM3 digests, HMAC-SM3 keyed with the secret key. */
    HMAC_SM3("SDK-HMAC-SM3", PayloadDigest.SM3),
    /**
     * Derived credentials ({@code DerivedAKSKSigner}): HMAC-SHA256 keyed with a key derived per day, region and
     * service (HKDF-SHA256); the header names a credential scope.
     */
    DERIVED_HMAC_SHA256("V11-HMAC-SHA256", PayloadDigest.SHA256),
    /** {@code SigningAlgorithm.ECDSA_P256_SHA256}: an ECDSA P-256 key derived from the access key pair. */
    ECDSA_P256_SHA256("SDK-ECDSA-P256-SHA256", PayloadDigest.SHA256),
    /** {@code SigningAlgorithm.SM2_SM3}: an SM2 key derived from the access key pair. */
    SM2_SM3("SDK-SM2-SM3", PayloadDigest.SM3);

    private static final SignatureAlgorithm[] ALL = values();

    private final String header;
    private final PayloadDigest digest;

    SignatureAlgorithm(String header, PayloadDigest digest) {
        this.header = header;
        this.digest = digest;
    }

    /** The name as it opens the {@code Authorization} header and the string to sign. */
    public String header() {
        return header;
    }

    public PayloadDigest digest() {
        return digest;
    }

    /** The algorithm an {@code Authorization} header opens with (its name then a space), or null. */
    public static SignatureAlgorithm of(String authorization) {
        if (authorization == null) {
            return null;
        }
        for (SignatureAlgorithm a : ALL) {
            String h = a.header;
            if (authorization.length() > h.length() && authorization.charAt(h.length()) == ' '
                    && authorization.startsWith(h)) {
                return a;
            }
        }
        return null;
    }
}
