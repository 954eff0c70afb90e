package dev.romalocal.iam;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Huawei Cloud SDK's signing schemes ({@link SignatureAlgorithm}), rebuilt from what arrives on the wire: the
 * canonical request (the same for every algorithm), the string to sign and the HMAC signatures. Used by the
 * verifier, and by tests to sign requests exactly as the SDK does.
 */
public final class SdkSigning {
    public static final String ALGORITHM = "SDK-HMAC-SHA256";
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    private SdkSigning() {
    }

    /**
     * The canonical request: METHOD, canonical URI (every segment decoded then re-encoded, always a trailing
     * slash), canonical query, the signed headers' {@code name:value} lines, the signed header list and the
     * payload hash, joined by newlines.
     */
    public static String canonicalRequest(String method, String rawPath, String rawQuery,
                                          List<String> signedHeaders, Map<String, String> headerValues,
                                          String payloadHash) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append('\n');
        sb.append(canonicalUri(rawPath)).append('\n');
        sb.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders) {
            String value = headerValues.get(name);
            sb.append(name).append(':').append(value == null ? "" : value).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", signedHeaders)).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    public static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (plain(rawPath)) {
            // Only unreserved characters and single slashes: re-encoding changes nothing (the usual case).
            return rawPath.endsWith("/") ? rawPath : rawPath + "/";
        }
        String[] segments = rawPath.split("/");
        StringBuilder sb = new StringBuilder(rawPath.length() + 8);
        for (String segment : segments) {
            sb.append(encode(decodePath(segment))).append('/');
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            byKey.computeIfAbsent(encode(key), k -> new ArrayList<>()).add(encode(value));
        }
        TreeMap<String, List<String>> sorted = new TreeMap<>(byKey);
        StringBuilder sb = new StringBuilder(rawQuery.length() + 8);
        for (Map.Entry<String, List<String>> e : sorted.entrySet()) {
            for (String v : e.getValue()) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(e.getKey()).append('=').append(v);
            }
        }
        return sb.toString();
    }

    /** The {@code SDK-HMAC-SHA256} string to sign. */
    public static String stringToSign(String sdkDate, String canonicalRequest) {
        return ALGORITHM + "\n" + sdkDate + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The string to sign of any algorithm: its name, the {@code X-Sdk-Date} value, the credential scope (derived
     * credentials only; null otherwise) and the hex digest of the canonical request (SHA-256, or SM3 for the SM3
     * algorithms), joined by newlines.
     */
    public static String stringToSign(SignatureAlgorithm algorithm, String sdkDate, String credentialScope,
                                      String canonicalRequest) {
        String hash = algorithm.digest().hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        int n = algorithm.header().length() + sdkDate.length() + hash.length() + 2
                + (credentialScope == null ? 0 : credentialScope.length() + 1);
        StringBuilder sb = new StringBuilder(n).append(algorithm.header()).append('\n').append(sdkDate).append('\n');
        if (credentialScope != null) {
            sb.append(credentialScope).append('\n');
        }
        return sb.append(hash).toString();
    }

    /** Lower-case hex HMAC-SHA256 of the string to sign, keyed with the secret key's UTF-8 bytes. */
    public static String signature(String secretKey, String stringToSign) {
        return HEX.formatHex(MACS.get().forKey(secretKey).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lower-case hex HMAC-SM3 of the string to sign, keyed with the secret key's UTF-8 bytes. */
    public static String sm3Signature(String secretKey, String stringToSign) {
        return HEX.formatHex(SM3_MACS.get().mac(secretKey, stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The signing key of derived credentials ({@code V11-HMAC-SHA256}): HKDF-SHA256 with the secret key as input
     * key material, the access key as salt and the credential scope ({@code yyyyMMdd/<region>/<service>}) as info,
     * 32 bytes, as a lower-case hex string (whose UTF-8 bytes key the HMAC).
     */
    public static String derivedSigningKey(String accessKey, String secretKey, String credentialScope) {
        org.bouncycastle.crypto.generators.HKDFBytesGenerator hkdf =
                new org.bouncycastle.crypto.generators.HKDFBytesGenerator(
                        new org.bouncycastle.crypto.digests.SHA256Digest());
        hkdf.init(new org.bouncycastle.crypto.params.HKDFParameters(secretKey.getBytes(StandardCharsets.UTF_8),
                accessKey.getBytes(StandardCharsets.UTF_8), credentialScope.getBytes(StandardCharsets.UTF_8)));
        byte[] okm = new byte[32];
        hkdf.generateBytes(okm, 0, okm.length);
        return HEX.formatHex(okm);
    }

    public static String sha256Hex(byte[] data) {
        if (data.length == 0) {
            return EMPTY_BODY_SHA256;
        }
        return HEX.formatHex(DIGESTS.get().digest(data));
    }

    /** Every request signs or checks something: one digest per thread, created once. */
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    /** One HMAC per thread, re-keyed only when the secret changes (doFinal leaves it ready for the same key). */
    private static final ThreadLocal<KeyedMac> MACS = ThreadLocal.withInitial(KeyedMac::new);

    private static final class KeyedMac {
        private final Mac mac;
        private String key;

        KeyedMac() {
            try {
                mac = Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }

        Mac forKey(String secretKey) {
            if (!secretKey.equals(key)) {
                try {
                    mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot key HmacSHA256", e);
                }
                key = secretKey;
            }
            return mac;
        }
    }

    /** One HMAC-SM3 (BouncyCastle) per thread, re-keyed only when the secret changes. */
    private static final ThreadLocal<KeyedSm3Mac> SM3_MACS = ThreadLocal.withInitial(KeyedSm3Mac::new);

    private static final class KeyedSm3Mac {
        private final org.bouncycastle.crypto.macs.HMac mac =
                new org.bouncycastle.crypto.macs.HMac(new org.bouncycastle.crypto.digests.SM3Digest());
        private String key;

        byte[] mac(String secretKey, byte[] data) {
            if (!secretKey.equals(key)) {
                mac.init(new org.bouncycastle.crypto.params.KeyParameter(secretKey.getBytes(StandardCharsets.UTF_8)));
                key = secretKey;
            }
            mac.update(data, 0, data.length);
            byte[] out = new byte[mac.getMacSize()];
            mac.doFinal(out, 0); // leaves the MAC ready for the same key
            return out;
        }
    }

    /** True when a path holds only unreserved characters and non-repeated slashes. */
    private static boolean plain(String path) {
        char prev = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && prev != '/');
            if (!ok) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /** The SDK's encoder: RFC 3986 unreserved characters as they are, everything else %XX in upper-case hex. */
    public static String encode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '_' || b == '.' || b == '~';
            if (unreserved) {
                if (sb != null) {
                    sb.append((char) b);
                }
            } else {
                if (sb == null) {
                    sb = new StringBuilder(bytes.length * 3);
                    for (int j = 0; j < i; j++) {
                        sb.append((char) bytes[j]);
                    }
                }
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Percent-decoding of one path segment ('+' is a literal plus in a path). */
    static String decodePath(String segment) {
        return segment.indexOf('%') < 0 ? segment : percentDecode(segment, false);
    }

    static String decodeQuery(String part) {
        return part.indexOf('%') < 0 && part.indexOf('+') < 0 ? part : percentDecode(part, true);
    }

    /**
     * Lenient percent-decoding, as the SDK's signer sees the text before it encodes it: every valid {@code %XX}
     * becomes its byte, and a '%' not followed by two hex digits stays a literal '%' (the SDK puts such a
     * character on the wire unencoded and signs it as {@code %25}). Bytes are read as UTF-8.
     */
    private static String percentDecode(String s, boolean plusIsSpace) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
