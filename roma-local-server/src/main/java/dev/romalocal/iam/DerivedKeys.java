package dev.romalocal.iam;

import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys derived from one access key pair, remembered with the cached key: the day's {@code V11-HMAC-SHA256}
 * signing key (HKDF, recomputed only when the credential scope changes) and the public keys of the elliptic-curve
 * styles ({@code SDK-ECDSA-P256-SHA256}, {@code SDK-SM2-SM3}), whose private keys the SDK derives from the pair.
 */
final class DerivedKeys {
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("P-256");
    private static final X9ECParameters SM2P256V1 = ECNamedCurveTable.getByName("sm2p256v1");

    /** The last credential scope and its derived key, replaced together. */
    private volatile String[] lastScoped;
    private volatile ECPublicKeyParameters p256;
    private volatile ECPublicKeyParameters sm2;

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

    /**
     * Checks an elliptic-curve signature (lower-case hex of DER {@code (r, s)}) of the string to sign: ECDSA over
     * its SHA-256, or SM2 (default user id, SM3) over the string itself, with the public key of the private key the
     * SDK derives from the access key pair. False for anything that does not verify or cannot be parsed.
     */
    boolean verifyEc(SignatureAlgorithm algorithm, String accessKey, String secretKey, String stringToSign,
                     String signatureHex) {
        byte[] der;
        try {
            der = java.util.HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ECPublicKeyParameters key = publicKey(algorithm, accessKey, secretKey);
        if (key == null) {
            return false;
        }
        byte[] message = stringToSign.getBytes(StandardCharsets.UTF_8);
        try {
            if (algorithm == SignatureAlgorithm.SM2_SM3) {
                SM2Signer signer = new SM2Signer();
                signer.init(false, key);
                signer.update(message, 0, message.length);
                return signer.verifySignature(der);
            }
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(key.getParameters().getN(), der);
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, key);
            return signer.verifySignature(PayloadDigest.SHA256.digest(message), rs[0], rs[1]);
        } catch (RuntimeException | java.io.IOException e) {
            return false; // a malformed DER value
        }
    }

    private ECPublicKeyParameters publicKey(SignatureAlgorithm algorithm, String accessKey, String secretKey) {
        boolean sm = algorithm == SignatureAlgorithm.SM2_SM3;
        ECPublicKeyParameters known = sm ? sm2 : p256;
        if (known != null) {
            return known;
        }
        X9ECParameters curve = sm ? SM2P256V1 : P256;
        BigInteger d = derivePrivate(algorithm.header(), curve.getN(), sm ? new SM3Digest() : new SHA256Digest(),
                accessKey, secretKey);
        if (d == null) {
            return null;
        }
        ECPublicKeyParameters key = new ECPublicKeyParameters(curve.getG().multiply(d).normalize(),
                new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH()));
        if (sm) {
            sm2 = key;
        } else {
            p256 = key;
        }
        return key;
    }

    /**
     * The private key as {@code P256SHA256Signer} / {@code SM2SM3Signer} derive it: for counter 0..255, HMAC
     * (SHA-256 or SM3, keyed with the secret key) over {@code 00000001 ‖ algorithm ‖ 00 ‖ AK ‖ counter ‖ 00000100}
     * in a zero-filled buffer of the algorithm's length + 30 bytes; the first candidate not above n − 2, plus one.
     * Null when the access key is longer than the SDK's 20-byte buffer (the SDK cannot sign with it either).
     */
    static BigInteger derivePrivate(String algorithm, BigInteger n, Digest digest, String accessKey,
                                    String secretKey) {
        byte[] ak = accessKey.getBytes(StandardCharsets.UTF_8);
        byte[] name = algorithm.getBytes(StandardCharsets.UTF_8);
        if (ak.length > 20) {
            return null;
        }
        BigInteger nMinusTwo = n.subtract(BigInteger.TWO);
        HMac mac = new HMac(digest);
        mac.init(new KeyParameter(secretKey.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[mac.getMacSize()];
        for (int counter = 0; counter <= 255; counter++) {
            byte[] data = new byte[name.length + 30];
            ByteBuffer.wrap(data).put(new byte[] {0, 0, 0, 1}).put(name).put((byte) 0).put(ak).put((byte) counter)
                    .put(new byte[] {0, 0, 1, 0});
            mac.update(data, 0, data.length);
            mac.doFinal(out, 0);
            BigInteger candidate = new BigInteger(1, out);
            if (candidate.compareTo(nMinusTwo) <= 0) {
                return candidate.add(BigInteger.ONE);
            }
        }
        return null;
    }
}
