package dev.romalocal.client;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs requests the way the Huawei Cloud SDK does ({@code SDK-HMAC-SHA256}): a canonical request (method, path
 * with a trailing slash, sorted query, the signed headers {@code host} and {@code x-sdk-date}, the body's SHA-256),
 * hashed into a string to sign, HMAC-SHA256 with the secret key.
 */
final class Signer {
    static final String ALGORITHM = "SDK-HMAC-SHA256";
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();

    private Signer() {
    }

    static void sign(HttpRequest.Builder request, String method, URI uri, byte[] body, String accessKey,
                     String secretKey) {
        String date = SDK_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", host(uri));
        signed.put("x-sdk-date", date);
        String canonical = canonicalRequest(method, uri.getRawPath(), uri.getRawQuery(), signed, sha256Hex(body));
        String toSign = ALGORITHM + "\n" + date + "\n"
                + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        request.header("X-Sdk-Date", date);
        request.header("Authorization", ALGORITHM + " Access=" + accessKey + ", SignedHeaders="
                + String.join(";", signed.keySet()) + ", Signature=" + hmac(secretKey, toSign));
    }

    /** The Host header the JDK's client sends: the host, and the port unless it is the scheme's default. */
    static String host(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(uri.getScheme()) ? port == 443 : port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    static String canonicalRequest(String method, String rawPath, String rawQuery, Map<String, String> signed,
                                   String payloadHash) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append('\n').append(canonicalUri(rawPath)).append('\n')
                .append(canonicalQuery(rawQuery)).append('\n');
        for (Map.Entry<String, String> h : signed.entrySet()) {
            sb.append(h.getKey()).append(':').append(h.getValue()).append('\n');
        }
        sb.append('\n').append(String.join(";", signed.keySet())).append('\n').append(payloadHash);
        return sb.toString();
    }

    /** Every segment decoded then encoded again, always ending with a slash. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder(rawPath.length() + 8);
        for (String segment : rawPath.split("/")) {
            sb.append(encode(decode(segment, false))).append('/');
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** Parameters decoded and encoded again, sorted by name (values in their order). */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            byKey.computeIfAbsent(encode(key), k -> new ArrayList<>()).add(encode(value));
        }
        StringBuilder sb = new StringBuilder(rawQuery.length() + 8);
        byKey.forEach((k, values) -> values.forEach(v -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(k).append('=').append(v);
        }));
        return sb.toString();
    }

    /** RFC 3986 unreserved characters as they are, every other byte of the UTF-8 form as upper-case %XX. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
            int b = raw & 0xff;
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '_' || b == '.' || b == '~') {
                sb.append((char) b);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Lenient percent-decoding (a '%' not followed by two hex digits stays a '%'), bytes read as UTF-8. */
    private static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
            if (in[i] == '%' && hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else if (in[i] == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String hmac(String secretKey, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
