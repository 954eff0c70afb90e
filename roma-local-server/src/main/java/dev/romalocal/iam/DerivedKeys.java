package dev.romalocal.iam;

/**
 * Keys derived from one access key pair, remembered with the cached key: the day's {@code V11-HMAC-SHA256}
 * signing key (HKDF, recomputed only when the credential scope changes).
 */
final class DerivedKeys {
    /** The last credential scope and its derived key, replaced together. */
    private volatile String[] lastScoped;

    /** The {@code V11-HMAC-SHA256} signing key for a credential scope. */
    String key(String accessKey, String secretKey, String scope) {
        String[] last = lastScoped;
        if (last != null && last[0].equals(scope)) {
            return last[1];
        }
        String derived = SdkSigning.derivedSigningKey(accessKey, secretKey, scope);
        lastScoped = new String[] {scope, derived};
        return derived;
    }

    boolean verifyEc(SignatureAlgorithm algorithm, String accessKey, String secretKey, String stringToSign,
                     String signatureHex) {
        throw new UnsupportedOperationException(algorithm.header());
    }
}
