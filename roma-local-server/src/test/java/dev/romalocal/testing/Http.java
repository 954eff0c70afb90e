package dev.romalocal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.config.Settings;
import dev.romalocal.iam.SdkSigning;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A small plain-HTTP client for tests: tokens, AK/SK signing as the SDK does it, JSON in and out. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final String endpoint;

    public Http(String endpoint) {
        this.endpoint = endpoint;
    }

    public String endpoint() {
        return endpoint;
    }

    /** A response: status, headers (as received), the raw body and the body as JSON (null when empty). */
    public record Response(int status, HttpResponse<byte[]> raw, String text) {
        public JsonNode json() {
            try {
                return text.isEmpty() ? null : JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String errorCode() {
            return json().path("error_code").asText(null);
        }
    }

    public Response send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r, new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an instance through the HuaweiCloudStack API; returns its id. */
    public String createV1(String token, String name, String subnetId, String profile) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Auth-Token", token);
        h.put("Content-Type", "application/json");
        if (profile != null) {
            h.put("X-Roma-Local-Profile", profile);
        }
        Response r = send("POST", "/v1/" + Settings.DEFAULT_PROJECT_ID + "/instances", h, "{\"name\":\"" + name
                + "\",\"description\":\"\",\"product_id\":\"00300-30101-0--0\",\"available_zones\":[\"az1\"],"
                + "\"vpc_id\":\"vpc-1\",\"subnet_id\":\"" + subnetId + "\",\"security_group_id\":\"sg-1\","
                + "\"ipv6_enable\":false,\"enable_all\":true,\"mqs\":{},\"cpu_architecture\":\"x86\"}");
        if (r.status() != 200) {
            throw new AssertionError("create " + name + ": " + r.status() + " " + r.text());
        }
        return r.json().get("instance_id").asText();
    }

    /** The statuses an instance went through, oldest first ("(gone)" when it went away). */
    public java.util.List<String> history(String token, String instanceId) {
        Response r = withToken("GET", "/_roma_local/projects/" + Settings.DEFAULT_PROJECT_ID + "/instances/"
                + instanceId + "/events", token, null);
        if (r.status() != 200) {
            throw new AssertionError("events of " + instanceId + ": " + r.status() + " " + r.text());
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        r.json().get("events").forEach(e -> out.add(e.hasNonNull("to") ? e.get("to").asText() : "(gone)"));
        return out;
    }

    public Response withToken(String method, String path, String token, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Auth-Token", token);
        if (body != null) {
            h.put("Content-Type", "application/json;charset=UTF-8");
        }
        return send(method, path, h, body);
    }

    /** Issues a project-scoped token for the built-in admin. */
    public String adminToken() {
        return token(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER, Settings.DEFAULT_ADMIN_PASSWORD,
                "{\"project\":{\"id\":\"" + Settings.DEFAULT_PROJECT_ID + "\"}}");
    }

    public String token(String domain, String user, String password, String scopeJson) {
        Response r = send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                tokenBody(domain, user, password, scopeJson));
        if (r.status() != 201) {
            throw new AssertionError("token: " + r.status() + " " + r.text());
        }
        return r.header("X-Subject-Token");
    }

    public static String tokenBody(String domain, String user, String password, String scopeJson) {
        return "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"domain\":{\"name\":\""
                + domain + "\"},\"name\":\"" + user + "\",\"password\":\"" + password + "\"}}}"
                + (scopeJson == null ? "" : ",\"scope\":" + scopeJson) + "}}";
    }

    /**
     * Sends a request signed exactly as the SDK signs (SDK-HMAC-SHA256): Host, User-Agent, X-Project-Id (when
     * given) and X-Sdk-Date are signed.
     */
    public Response signed(String method, String pathAndQuery, String projectId, String ak, String sk, String body,
                           ZonedDateTime at) {
        URI uri = URI.create(endpoint + pathAndQuery);
        String date = SDK_DATE.format(at.withZoneSameInstant(ZoneOffset.UTC));
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", uri.getRawAuthority());
        signed.put("user-agent", "huaweicloud-usdk-java/3.0");
        if (projectId != null) {
            signed.put("x-project-id", projectId);
        }
        signed.put("x-sdk-date", date);
        List<String> names = new ArrayList<>(signed.keySet());
        String payloadHash = SdkSigning.sha256Hex(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        String canonical = SdkSigning.canonicalRequest(method, uri.getRawPath(), uri.getRawQuery(), names, signed,
                payloadHash);
        String signature = SdkSigning.signature(sk, SdkSigning.stringToSign(date, canonical));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", signed.get("user-agent"));
        if (projectId != null) {
            headers.put("X-Project-Id", projectId);
        }
        headers.put("X-Sdk-Date", date);
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", SdkSigning.ALGORITHM + " Access=" + ak + ", SignedHeaders="
                + String.join(";", names) + ", Signature=" + signature);
        return send(method, pathAndQuery, headers, body);
    }

    public Response signed(String method, String pathAndQuery, String body) {
        return signed(method, pathAndQuery, Settings.DEFAULT_PROJECT_ID, Settings.DEFAULT_ACCESS_KEY,
                Settings.DEFAULT_SECRET_KEY, body, ZonedDateTime.now(ZoneOffset.UTC));
    }
}
