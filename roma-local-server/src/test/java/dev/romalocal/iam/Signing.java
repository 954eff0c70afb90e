package dev.romalocal.iam;

import dev.romalocal.testing.Http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a request as the SDK does, with control over the payload hash: the body that is signed, the
 * {@code X-Sdk-Content-Sha256} header (signed like every other header the SDK sends) and the body that is sent
 * may all differ, as in a tampered replay.
 */
final class Signing {
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private Signing() {
    }

    /**
     * @param contentSha256 the X-Sdk-Content-Sha256 header, or null for none (then the signed body's hash is signed)
     * @param signedBody    the body the signer saw (ignored when contentSha256 is given)
     * @param sentBody      the body put on the wire
     */
    static Http.Response send(Http http, String method, String path, String projectId, String ak, String sk,
                              String contentSha256, String signedBody, String sentBody) {
        URI uri = URI.create(http.endpoint() + path);
        String date = SDK_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", uri.getRawAuthority());
        signed.put("user-agent", "huaweicloud-usdk-java/3.0");
        signed.put("x-project-id", projectId);
        signed.put("x-sdk-date", date);
        if (contentSha256 != null) {
            signed.put("x-sdk-content-sha256", contentSha256);
        }
        List<String> names = new ArrayList<>(signed.keySet());
        String payloadHash = contentSha256 != null ? contentSha256
                : SdkSigning.sha256Hex(signedBody == null ? new byte[0] : signedBody.getBytes(StandardCharsets.UTF_8));
        String canonical = SdkSigning.canonicalRequest(method, uri.getRawPath(), uri.getRawQuery(), names, signed,
                payloadHash);
        String signature = SdkSigning.signature(sk, SdkSigning.stringToSign(date, canonical));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", signed.get("user-agent"));
        headers.put("X-Project-Id", projectId);
        headers.put("X-Sdk-Date", date);
        if (contentSha256 != null) {
            headers.put("X-Sdk-Content-Sha256", contentSha256);
        }
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", SdkSigning.ALGORITHM + " Access=" + ak + ", SignedHeaders="
                + String.join(";", names) + ", Signature=" + signature);
        return http.send(method, path, headers, sentBody);
    }

    static String sha256(String body) {
        return SdkSigning.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
    }
}
