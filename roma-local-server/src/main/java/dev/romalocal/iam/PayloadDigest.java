package dev.romalocal.iam;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The digest a signing algorithm uses for the payload and the canonical request, with the header that may carry
 * the payload's hash instead of the body (as the SDK 3.1.143 signers define them): SHA-256 with
 * {@code X-Sdk-Content-Sha256}, SM3 (BouncyCastle) with {@code X-Sdk-Content-Sm3}.
 */
public enum PayloadDigest {
    SHA256("X-Sdk-Content-Sha256", SdkSigning.EMPTY_BODY_SHA256) {
        @Override
        public MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    },
    SM3("X-Sdk-Content-Sm3", "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b") {
        @Override
        public MessageDigest newDigest() {
            // BouncyCastle's MessageDigest, used directly: no security provider is registered.
            return new org.bouncycastle.jcajce.provider.digest.SM3.Digest();
        }
    };

    private static final HexFormat HEX = HexFormat.of();

    private final String header;
    private final String emptyHex;
    /** Every request hashes something: one digest per thread and kind, created once. */
    private final ThreadLocal<MessageDigest> perThread = ThreadLocal.withInitial(this::newDigest);

    PayloadDigest(String header, String emptyHex) {
        this.header = header;
        this.emptyHex = emptyHex;
    }

    /** The request header that may carry the payload hash ({@code UNSIGNED-PAYLOAD} or the body's hash). */
    public String header() {
        return header;
    }

    /** A new streaming digest of this kind. */
    public abstract MessageDigest newDigest();

    /** Lower-case hex digest of the bytes. */
    public String hex(byte[] data) {
        if (data.length == 0) {
            return emptyHex;
        }
        return HEX.formatHex(perThread.get().digest(data));
    }

    /** The digest of the bytes. */
    public byte[] digest(byte[] data) {
        return perThread.get().digest(data);
    }

    /**
     * The digest a request's body must be hashed with, from its {@code Authorization} header alone (the body
     * intake asks before the request is authenticated): SM3 for the SM3 algorithms, SHA-256 for everything else.
     */
    public static PayloadDigest forAuthorization(String authorization) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(authorization);
        return algorithm == null ? SHA256 : algorithm.digest();
    }
}
