package dev.romalocal.testing;

import dev.romalocal.config.Settings;
import dev.romalocal.iam.SdkSigning;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Generates bad (and some good) requests for every route of the API from a seed: the same seed gives the same
 * requests (apart from the current time in {@code X-Sdk-Date} and the tokens the run was given). Each request is a
 * route of the route table with one to three mutations: bad path ids, junk query parameters, malformed or hostile
 * bodies, odd headers, unusual methods, and valid, invalid or missing credentials.
 */
public final class BadRequests {
    private static final String P = Settings.DEFAULT_PROJECT_ID;
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** The route table (method, path template); {p} project, {i} instance, {f} fault, {s} subnet. */
    public static final List<String[]> ROUTES = List.of(
            new String[]{"POST", "/v3/auth/tokens"},
            new String[]{"GET", "/v3/auth/tokens"},
            new String[]{"DELETE", "/v3/auth/tokens"},
            new String[]{"GET", "/v3/projects"},
            new String[]{"GET", "/v3/auth/projects"},
            new String[]{"GET", "/v3/auth/domains"},
            new String[]{"POST", "/v3.0/OS-USER/users"},
            new String[]{"GET", "/v3.0/OS-USER/users/{i}"},
            new String[]{"PUT", "/v3.0/OS-USER/users/{i}"},
            new String[]{"GET", "/v3/users"},
            new String[]{"DELETE", "/v3/users/{i}"},
            new String[]{"POST", "/v3/groups"},
            new String[]{"GET", "/v3/groups"},
            new String[]{"GET", "/v3/groups/{i}"},
            new String[]{"DELETE", "/v3/groups/{i}"},
            new String[]{"PUT", "/v3/groups/{i}/users/{i}"},
            new String[]{"DELETE", "/v3/groups/{i}/users/{i}"},
            new String[]{"GET", "/v3/groups/{i}/users"},
            new String[]{"POST", "/_roma_local/accounts"},
            new String[]{"GET", "/_roma_local/accounts"},
            new String[]{"DELETE", "/_roma_local/accounts/{i}"},
            new String[]{"GET", "/v2/{p}/apic/instances/{i}"},
            new String[]{"PUT", "/v2/{p}/apic/instances/{i}"},
            new String[]{"GET", "/v2/{p}/apic/instances/{i}/restriction"},
            new String[]{"GET", "/v2/{p}/apic/instances/{i}/features"},
            new String[]{"POST", "/v2/{p}/apic/instances/{i}/features"},
            new String[]{"GET", "/v2/{p}/apic/instances/{i}/tags"},
            new String[]{"GET", "/v2/{p}/apic/instances/{i}/livedata-quota"},
            new String[]{"GET", "/v2/{p}/mqs/instances"},
            new String[]{"GET", "/v2/{p}/mqs/instances/{i}"},
            new String[]{"GET", "/v3/{p}/roma/instances"},
            new String[]{"GET", "/v2/{p}/instances"},
            new String[]{"GET", "/v2/{p}/instances/{i}"},
            new String[]{"GET", "/v2/{p}/instances/{i}/process"},
            new String[]{"POST", "/v3/{p}/roma/instances"},
            new String[]{"POST", "/v1/{p}/instances"},
            new String[]{"DELETE", "/v1/{p}/roma/instances/{i}"},
            new String[]{"GET", "/_roma_local/health"},
            new String[]{"PUT", "/_roma_local/projects/{p}/instances/{i}"},
            new String[]{"DELETE", "/_roma_local/projects/{p}/instances/{i}"},
            new String[]{"POST", "/_roma_local/projects/{p}/instances/{i}/actions"},
            new String[]{"PUT", "/_roma_local/projects/{p}/instances/{i}/status"},
            new String[]{"GET", "/_roma_local/projects/{p}/instances/{i}/events"},
            new String[]{"GET", "/_roma_local/projects/{p}/instances/{i}/health"},
            new String[]{"POST", "/_roma_local/reset"},
            new String[]{"POST", "/_roma_local/seed"},
            new String[]{"GET", "/_roma_local/clock"},
            new String[]{"PUT", "/_roma_local/clock"},
            new String[]{"POST", "/_roma_local/clock/advance"},
            new String[]{"POST", "/_roma_local/faults"},
            new String[]{"GET", "/_roma_local/faults"},
            new String[]{"DELETE", "/_roma_local/faults"},
            new String[]{"POST", "/_roma_local/faults/requests"},
            new String[]{"DELETE", "/_roma_local/faults/{f}"},
            new String[]{"GET", "/_roma_local/subnets"},
            new String[]{"PUT", "/_roma_local/subnets/{s}"},
            new String[]{"GET", "/v3/roles"},
            new String[]{"GET", "/v3/roles/{r}"},
            new String[]{"POST", "/v3.0/OS-ROLE/roles"},
            new String[]{"GET", "/v3.0/OS-ROLE/roles/{r}"},
            new String[]{"PATCH", "/v3.0/OS-ROLE/roles/{r}"},
            new String[]{"DELETE", "/v3.0/OS-ROLE/roles/{r}"},
            new String[]{"GET", "/v3/projects/{p}/groups/{g}/roles"},
            new String[]{"PUT", "/v3/projects/{p}/groups/{g}/roles/{r}"},
            new String[]{"DELETE", "/v3/projects/{p}/groups/{g}/roles/{r}"},
            new String[]{"HEAD", "/v3/projects/{p}/groups/{g}/roles/{r}"},
            new String[]{"GET", "/v3/domains/{d}/groups/{g}/roles"},
            new String[]{"PUT", "/v3/domains/{d}/groups/{g}/roles/{r}"},
            new String[]{"DELETE", "/v3/domains/{d}/groups/{g}/roles/{r}"},
            new String[]{"HEAD", "/v3/domains/{d}/groups/{g}/roles/{r}"},
            new String[]{"POST", "/v3.0/OS-CREDENTIAL/credentials"},
            new String[]{"GET", "/v3.0/OS-CREDENTIAL/credentials"},
            new String[]{"GET", "/v3.0/OS-CREDENTIAL/credentials/{k}"},
            new String[]{"PUT", "/v3.0/OS-CREDENTIAL/credentials/{k}"},
            new String[]{"DELETE", "/v3.0/OS-CREDENTIAL/credentials/{k}"},
            new String[]{"POST", "/v3.0/OS-CREDENTIAL/securitytokens"});

    /**
     * Ids for the IAM placeholders: {g} group, {r} role (policy; sometimes a system policy), {k} access key (never
     * the configured one: a fuzzed request must not switch off the key the other requests sign with), {d} account.
     */
    static final String[] ROLE_IDS = {"fuzz-role", "4f3d3c8a1d1e4b0f9a6c2e7b5d8f0a12", "4f3d3c8a1d1e4b0f9a6c2e7b5d8f0a11",
            "0123456789abcdef0123456789abcdef"};

    static final String[] BAD_IDS = {
            "", "..", ".", "%2e%2e", "%2E%2E%2F%2E%2E", "%2F", "a%2Fb", "%00", "%ZZ", "%", "%e9", "%C3%A9",
            "%E6%97%A5%E6%9C%AC", "%F0%9F%98%80", "%FF%FE", "%C0%AF", "{project_id}", "%7Bproject_id%7D", "%20",
            "a%20b", ";", "a;b=c", "0000000000000000000000000000000001", "-1", "null", "undefined", "%0d%0a",
            "..%2F..%2Fetc%2Fpasswd", "~", "*", "'", "%27%20OR%201%3D1--", "%25", "+", "x".repeat(300),
            "a".repeat(10 * 1024), "%41".repeat(1000), "\u00e9", "\u65e5\u672c", "\ud83d\ude00", "A-B_c.1~"};

    static final String[] QUERY_NAMES = {"offset", "limit", "status", "id", "name", "nocatalog", "domain_id",
            "display_name", "page", "per_page", "type", "permission_type", "user_id", "category", "include_internal",
            "", "%00",
            "offset[]", "x".repeat(2000)};
    static final String[] QUERY_VALUES = {"", "-1", "0", "1", "100", "101", "2147483648", "-2147483649",
            "9223372036854775808", "99999999999999999999999999999", "1e3", "1.5", "0x10", "NaN", "Infinity", "%201",
            "%20", "%00", "abc", "RUNNING", "running", "DELETE_FALIED", "DELETED", "%E6%97%A5", "%FF", "%",
            "a".repeat(5000), "true", "null", "[]", "{}", "%2C", ",", "1,2", "500", "501", "basic", "platinum", "TRUE",
            "false"};

    static final String[] PROFILES = {"0000000000000000000000000000000001", "", "fast", "slow", "realistic",
            "instant", "default", "x".repeat(4000), "-1", "%00", "\u00e9", "null", "1e309"};

    static final String[] METHODS = {"PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO", "get", "Get",
            "M-SEARCH", "X".repeat(200), "GETS", "PURGE", "LINK", "BREW"};

    static final String[] CONTENT_TYPES = {"application/json", "application/json;charset=UTF-8", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json;charset=ISO-8859-1",
            "", "*/*", "application/yaml", "application/json; charset=utf-16"};

    private final String hostHeader;
    private final String adminToken;
    private final String userToken;

    public BadRequests(String hostHeader, String adminToken, String userToken) {
        this.hostHeader = hostHeader;
        this.adminToken = adminToken;
        this.userToken = userToken;
    }

    /** One generated request; {@code route} is the route it was made from ("METHOD template"). */
    public record Generated(String route, String mutations, RawHttp.Request request) {
    }

    public Generated next(SplittableRandom r) {
        String[] route = ROUTES.get(r.nextInt(ROUTES.size()));
        String method = route[0];
        String template = route[1];
        String id = "inst-" + r.nextInt(4);
        String project = P;
        String query = "";
        byte[] body = validBody(method, template, r);
        List<Map.Entry<String, String>> headers = RawHttp.headers();
        List<String> mutations = new ArrayList<>();
        String contentType = "application/json";
        String profile = null;
        boolean chunked = false;

        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
            int kind = r.nextInt(10);
            switch (kind) {
                case 0, 1 -> {
                    String bad = pick(r, BAD_IDS);
                    if (r.nextInt(3) == 0 || !template.contains("{i}")) {
                        project = bad;
                        mutations.add("project=" + short_(bad));
                    } else {
                        id = bad;
                        mutations.add("id=" + short_(bad));
                    }
                }
                case 2 -> {
                    StringBuilder q = new StringBuilder();
                    int params = 1 + r.nextInt(4);
                    for (int i = 0; i < params; i++) {
                        q.append(i == 0 ? "" : (r.nextInt(8) == 0 ? "&&" : "&"))
                                .append(pick(r, QUERY_NAMES));
                        if (r.nextInt(6) != 0) {
                            q.append('=').append(pick(r, QUERY_VALUES));
                        }
                    }
                    query = "?" + q;
                    mutations.add("query");
                }
                case 3, 4 -> {
                    body = badBody(r);
                    mutations.add("body");
                }
                case 5 -> {
                    body = mutateDocument(new String(body, StandardCharsets.UTF_8), r);
                    mutations.add("field");
                }
                case 6 -> {
                    profile = pick(r, PROFILES);
                    mutations.add("profile");
                }
                case 7 -> {
                    method = pick(r, METHODS);
                    mutations.add("method=" + short_(method));
                }
                case 8 -> {
                    contentType = pick(r, CONTENT_TYPES);
                    if (r.nextInt(4) == 0) {
                        chunked = true;
                    }
                    mutations.add("content-type");
                }
                default -> {
                    addOddHeader(headers, r);
                    mutations.add("header");
                }
            }
        }
        String target = template.replace("{p}", project).replace("{i}", id)
                .replace("{f}", r.nextBoolean() ? "fault-1" : pick(r, BAD_IDS))
                .replace("{s}", r.nextBoolean() ? "subnet-" + r.nextInt(3) : pick(r, BAD_IDS))
                .replace("{g}", r.nextBoolean() ? "fuzz-group-" + r.nextInt(3) : pick(r, BAD_IDS))
                .replace("{r}", r.nextBoolean() ? pick(r, ROLE_IDS) : pick(r, BAD_IDS))
                .replace("{k}", r.nextBoolean() ? "FUZZACCESSKEY" + r.nextInt(3) : pick(r, BAD_IDS))
                .replace("{d}", r.nextBoolean() ? "fuzz-domain" : pick(r, BAD_IDS)) + query;
        if (body.length > 0 && !contentType.isEmpty()) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        if (profile != null) {
            headers.add(Map.entry("X-Roma-Local-Profile", profile));
        }
        if (chunked) {
            headers.add(Map.entry("Transfer-Encoding", "chunked"));
            body = chunk(body, r);
        }
        String creds = credentials(headers, method, target, body, chunked, r);
        mutations.add("creds=" + creds);
        return new Generated(route[0] + " " + template, String.join(",", mutations),
                new RawHttp.Request(method, target, headers, body));
    }

    private String credentials(List<Map.Entry<String, String>> headers, String method, String target, byte[] body,
                               boolean chunked, SplittableRandom r) {
        switch (r.nextInt(9)) {
            case 0 -> {
                return "none";
            }
            case 1, 2, 3 -> {
                headers.add(Map.entry("X-Auth-Token", adminToken));
                if (target.startsWith("/v3/auth/tokens") && r.nextBoolean()) {
                    headers.add(Map.entry("X-Subject-Token", r.nextBoolean() ? adminToken : "junk"));
                }
                return "admin-token";
            }
            case 4 -> {
                headers.add(Map.entry("X-Auth-Token", userToken));
                return "user-token";
            }
            case 5 -> {
                String[] junk = {"", "x", "a".repeat(60_000), "MII" + "A".repeat(3000), "\u00e9\u00e9",
                        adminToken + "x", adminToken.substring(0, adminToken.length() / 2), "null", " "};
                headers.add(Map.entry("X-Auth-Token", pick(r, junk)));
                return "bad-token";
            }
            case 6, 7 -> {
                sign(headers, method, target, chunked ? new byte[0] : body, Settings.DEFAULT_SECRET_KEY,
                        ZonedDateTime.now(ZoneOffset.UTC), r.nextBoolean());
                return "aksk";
            }
            default -> {
                String[] bad = {"SDK-HMAC-SHA256", "SDK-HMAC-SHA256 ", "SDK-HMAC-SHA256 Access=",
                        "SDK-HMAC-SHA256 Access=" + Settings.DEFAULT_ACCESS_KEY + ", SignedHeaders=, Signature=",
                        "SDK-HMAC-SHA256 Access=x, SignedHeaders=host;x-sdk-date, Signature=00",
                        "SDK-HMAC-SM3 Access=a, SignedHeaders=host, Signature=ab", "Basic YWRtaW46YWRtaW4=",
                        "Bearer x", "SDK-HMAC-SHA256 Access=" + Settings.DEFAULT_ACCESS_KEY
                        + ", SignedHeaders=" + "x;".repeat(2000) + "host, Signature=zz",
                        "SDK-HMAC-SHA256 SignedHeaders=host", "SDK-HMAC-SHA256 Access=a,,,,Signature",
                        "\u00e9", "SDK-HMAC-SHA256 Access=a=b=c, SignedHeaders=host;host;host, Signature="};
                int which = r.nextInt(4);
                if (which == 0) {
                    headers.add(Map.entry("Authorization", pick(r, bad)));
                    headers.add(Map.entry("X-Sdk-Date", SDK_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))));
                    return "bad-authorization";
                }
                if (which == 1) {
                    String[] dates = {"", "x", "20261301T000000Z", "19700101T000000Z", "99991231T235959Z",
                            "2026-11-30T00:00:00Z", "20261130T250000Z", "0".repeat(500)};
                    sign(headers, method, target, body, Settings.DEFAULT_SECRET_KEY,
                            ZonedDateTime.now(ZoneOffset.UTC), true);
                    headers.removeIf(h -> h.getKey().equals("X-Sdk-Date"));
                    headers.add(Map.entry("X-Sdk-Date", pick(r, dates)));
                    return "bad-sdk-date";
                }
                if (which == 2) {
                    sign(headers, method, target, body, "wrong-secret", ZonedDateTime.now(ZoneOffset.UTC), true);
                    return "wrong-sk";
                }
                sign(headers, method, target, body, Settings.DEFAULT_SECRET_KEY,
                        ZonedDateTime.now(ZoneOffset.UTC).minusHours(2), true);
                return "stale-date";
            }
        }
    }

    /** Signs as the SDK does: Host, User-Agent, X-Project-Id (sometimes) and X-Sdk-Date. */
    private void sign(List<Map.Entry<String, String>> headers, String method, String target, byte[] body,
                      String sk, ZonedDateTime at, boolean withProject) {
        String date = SDK_DATE.format(at);
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? null : target.substring(q + 1);
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", hostHeader);
        signed.put("user-agent", "huaweicloud-usdk-java/3.0");
        if (withProject) {
            signed.put("x-project-id", P);
        }
        signed.put("x-sdk-date", date);
        String canonical;
        try {
            canonical = SdkSigning.canonicalRequest(method, rawPath, rawQuery, new ArrayList<>(signed.keySet()),
                    signed, SdkSigning.sha256Hex(body));
        } catch (RuntimeException e) {
            // a path the signer itself cannot canonicalize: send a signature that cannot match
            canonical = "unsignable";
        }
        String signature = SdkSigning.signature(sk, SdkSigning.stringToSign(date, canonical));
        headers.add(Map.entry("User-Agent", signed.get("user-agent")));
        if (withProject) {
            headers.add(Map.entry("X-Project-Id", P));
        }
        headers.add(Map.entry("X-Sdk-Date", date));
        headers.add(Map.entry("Authorization", SdkSigning.ALGORITHM + " Access=" + Settings.DEFAULT_ACCESS_KEY
                + ", SignedHeaders=" + String.join(";", signed.keySet()) + ", Signature=" + signature));
    }

    private static void addOddHeader(List<Map.Entry<String, String>> headers, SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0 -> headers.add(Map.entry("X-Project-Id", pick(r, BAD_IDS)));
            case 1 -> headers.add(Map.entry("X-Sdk-Content-Sha256", r.nextBoolean() ? "UNSIGNED-PAYLOAD" : "zz"));
            case 2 -> headers.add(Map.entry("X-Request-Id", "x".repeat(1 + r.nextInt(4000))));
            case 3 -> headers.add(Map.entry("Accept", r.nextBoolean() ? "text/html" : "application/xml"));
            case 4 -> headers.add(Map.entry("X-Forwarded-For", "1.2.3.4, ::1, junk"));
            case 5 -> headers.add(Map.entry("X-Subject-Token", r.nextBoolean() ? "" : "y".repeat(9000)));
            case 6 -> headers.add(Map.entry("Expect", "100-continue"));
            default -> headers.add(Map.entry("X-Junk-" + r.nextInt(100), "\u00e9\u65e5"));
        }
    }

    /** A body the route would accept (when the credentials and path are right). */
    static byte[] validBody(String method, String template, SplittableRandom r) {
        String s = switch (method + " " + template) {
            // A password check costs a deliberate hash: one in four token requests carries a full, valid body;
            // the others break its structure, which is refused before any hashing.
            case "POST /v3/auth/tokens" -> r.nextInt(4) == 0
                    ? Http.tokenBody(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER,
                    Settings.DEFAULT_ADMIN_PASSWORD, "{\"project\":{\"id\":\"" + P + "\"}}")
                    : pick(r, new String[]{"{\"auth\":{}}", "{\"auth\":{\"identity\":{\"methods\":[\"token\"]}}}",
                    "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":1}}}}}",
                    "{\"auth\":{\"identity\":{\"methods\":\"password\"}}}", "{\"auth\":[]}",
                    "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"domain\":"
                            + "{\"name\":\"roma-local\"},\"name\":\"admin\"}}}}}"});
            // Identity: users in an account the generator does not know (refused before any password hashing),
            // updates and group members of ids that are no users, at most three groups and three accounts.
            case "POST /v3.0/OS-USER/users" -> "{\"user\":{\"name\":\"fuzz-user\",\"domain_id\":\"" + P
                    + "\",\"password\":\"Fuzz-pass-1\",\"email\":\"f@example.com\"}}";
            case "PUT /v3.0/OS-USER/users/{i}" -> "{\"user\":{\"description\":\"fuzz\",\"enabled\":true}}";
            case "POST /v3/groups" -> "{\"group\":{\"name\":\"fuzz-group-" + r.nextInt(3)
                    + "\",\"description\":\"d\"}}";
            case "POST /_roma_local/accounts" -> "{\"name\":\"fuzz-account-" + r.nextInt(3)
                    + "\",\"password\":\"Fuzz-pass-1\"}";
            case "PUT /v2/{p}/apic/instances/{i}" -> "{\"instance_name\":\"fuzz-name\",\"description\":\"d\"}";
            case "POST /v2/{p}/apic/instances/{i}/features" -> "{\"name\":\""
                    + pick(r, new String[]{"cors", "ratelimit", "green_tunnel", "cascade"}) + "\",\"enable\":true,"
                    + "\"config\":\"{\\\"x\\\":1}\"}";
            case "POST /v3/{p}/roma/instances" -> "{\"name\":\"fuzz-v3\",\"charge_type\":\"postPaid\","
                    + "\"available_zone_ids\":[\"az1\"],\"cpu_arch\":\"x86_64\",\"rcu\":{\"total\":4},"
                    + "\"vpc_id\":\"vpc-1\",\"subnet_id\":\"subnet-fuzz\"}";
            case "POST /v1/{p}/instances" -> "{\"name\":\"fuzz-v1\",\"description\":\"\",\"product_id\":"
                    + "\"00300-30101-0--0\",\"available_zones\":[\"az1\"],\"vpc_id\":\"vpc-1\",\"subnet_id\":"
                    + "\"subnet-fuzz\",\"security_group_id\":\"sg-1\",\"ipv6_enable\":false,\"enable_all\":true,"
                    + "\"mqs\":{},\"cpu_architecture\":\"x86\"}";
            case "PUT /_roma_local/projects/{p}/instances/{i}" -> "{\"instance_name\":\"fuzz-doc\","
                    + "\"status\":\"Running\",\"spec\":\"ROMA_BASIC\",\"charging_mode\":0,\"bandwidth_size\":5,"
                    + "\"mqs\":{\"engine_version\":\"2.7\",\"ssl_enable\":true},\"livedata_quota\":{\"api\":9,"
                    + "\"api_used\":1},\"tags\":[\"t1\",\"t2\"],\"features\":[{\"name\":\"gzip\",\"enable\":true}]}";
            case "POST /_roma_local/projects/{p}/instances/{i}/actions" -> "{\"action\":\""
                    + pick(r, new String[]{"restart", "upgrade", "freeze", "unfreeze", "unhealthy", "healthy"})
                    + "\",\"version\":\"25.1.0\"}";
            case "PUT /_roma_local/projects/{p}/instances/{i}/status" -> "{\"status\":\"Frozen\"}";
            case "POST /_roma_local/seed" -> "[{\"project_id\":\"" + P + "\",\"id\":\"seed-" + r.nextInt(3)
                    + "\"}]";
            case "PUT /_roma_local/clock" -> "{\"paused\":true}";
            case "POST /_roma_local/clock/advance" -> "{\"seconds\":1}";
            case "POST /_roma_local/faults" -> "{\"operation\":\"create\",\"effect\":\"fail\",\"count\":1}";
            // Never a valid request fault: an armed 5xx fault would make later requests fail by design.
            case "POST /_roma_local/faults/requests" -> "{\"path\":\"/nowhere\"}";
            case "PUT /_roma_local/subnets/{s}" -> "{\"cidr\":\"10.9." + r.nextInt(200) + ".0/24\"}";
            case "POST /v3.0/OS-ROLE/roles" -> "{\"role\":{\"display_name\":\"fuzz-" + r.nextInt(4)
                    + "\",\"type\":\"XA\",\"description\":\"d\",\"policy\":{\"Version\":\"1.1\",\"Statement\":"
                    + "[{\"Effect\":\"Allow\",\"Action\":[\"roma:instances:get\"]}]}}}";
            case "PATCH /v3.0/OS-ROLE/roles/{r}" -> "{\"role\":{\"description\":\"fuzzed\",\"policy\":{\"Version\":"
                    + "\"1.1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"roma:*:delete\"]}]}}}";
            case "POST /v3.0/OS-CREDENTIAL/credentials" -> "{\"credential\":{\"user_id\":\"fuzz-user\","
                    + "\"description\":\"d\"}}";
            case "PUT /v3.0/OS-CREDENTIAL/credentials/{k}" -> "{\"credential\":{\"status\":\"inactive\"}}";
            case "POST /v3.0/OS-CREDENTIAL/securitytokens" -> "{\"auth\":{\"identity\":{\"methods\":[\"token\"],"
                    + "\"token\":{\"duration_seconds\":900}}}}";
            default -> "";
        };
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] badBody(SplittableRandom r) {
        return switch (r.nextInt(16)) {
            case 0 -> new byte[0];
            case 1 -> "{".getBytes(StandardCharsets.UTF_8);
            case 2 -> "[".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            case 3 -> "{\"a\":".repeat(5_000).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"instance_name\":\"" + "x".repeat(200_000 + r.nextInt(200_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
            case 6 -> "null".getBytes(StandardCharsets.UTF_8);
            case 7 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8);
            case 8 -> "\"just a string\"".getBytes(StandardCharsets.UTF_8);
            case 9 -> "12345678901234567890123456789".getBytes(StandardCharsets.UTF_8);
            case 10 -> "{\"a\":1,\"a\":2,\"unknown_field\":{\"x\":[null]}}".getBytes(StandardCharsets.UTF_8);
            case 11 -> "{'single':'quotes', trailing: 1,}".getBytes(StandardCharsets.UTF_8);
            case 12 -> ("{\"x\":\"" + "y".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 13 -> "\uFEFF{}".getBytes(StandardCharsets.UTF_8);
            case 14 -> "{\"a\":1e999999, \"b\":-0, \"c\":123456789012345678901234567890}"
                    .getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] b = new byte[1 + r.nextInt(2000)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
                yield b;
            }
        };
    }

    /** Replaces one field's value of a JSON object (or adds an unknown one) with a value of a wrong kind. */
    static byte[] mutateDocument(String doc, SplittableRandom r) {
        String[] values = {"null", "1", "-1", "0", "1.5", "1e308", "-9223372036854775809", "true", "\"\"",
                "\"" + "z".repeat(70_000) + "\"", "[]", "{}", "[[[[[]]]]]", "\"\\u0000\"", "\"<script>\"",
                "\"\\ud800\"", "\"Running\"", "\"RUNNING\"", "\"24:00:00\"", "\"999.1.1.1\"", "\"::zz\"",
                "2147483648", "{\"total\":-1}", "[\"\"]", "\"\u65e5\u672c\u8a9e\"", "\"a\\u0000b\"",
                "[{\"name\":\"" + "n".repeat(5000) + "\",\"port\":1}]", "{\"livedata\":[\"10.0.0.1\"]}",
                "[" + "\"f\",".repeat(5000) + "\"f\"]", "\"" + "v".repeat(300) + "\"",
                "[{\"ip_version\":6,\"backend\":{\"ip\":[\"::1\",\"10.0.0.1\"]}}]", "\"1::2::3\""};
        String[] fields = {"user", "group", "domain_id", "password", "email", "enabled", "user_name",
                "instance_name", "name", "status", "instance_status", "spec", "description",
                "maintain_begin", "maintain_end", "charging_mode", "bandwidth_size", "rcu", "available_zone_ids",
                "available_zones", "cpu_arch", "cpu_architecture", "product_id", "subnet_id", "vpc_id", "mqs",
                "seconds", "paused", "action", "version", "cidr", "operation", "effect", "count", "ingress_ip",
                "project_id", "id", "create_time", "auth", "charge_type", "ipv6_enable", "eip_id",
                "entrance_bandwidth_size", "type", "cbc_metadata", "instance_version", "ingress_ips", "user_id",
                "supported_features", "listeners", "node_ips", "cbc_operation_locks", "enterprise_project_id",
                "cipher_type", "config", "scope", "publicip_enable", "ingress_bandwidth_size", "ep_id",
                "maintain_begin", "security_group_id", "eip_address", "publicip_id", "step", "error_code",
                "http_status", "path", "method", "role", "display_name", "policy", "Version", "Statement", "Effect",
                "Action", "Condition", "credential", "identity", "methods", "token", "duration_seconds",
                "livedata_quota", "tags", "features", "enable", "engine_version", "ssl_enable", "retention_policy",
                "api_used", "datasource", "live_health_checks", "no_such_field"};
        String field = pick(r, fields);
        String value = pick(r, values);
        String trimmed = doc.trim();
        if (trimmed.startsWith("[")) {
            return ("[{\"project_id\":\"" + P + "\",\"id\":\"seed-x\",\"" + field + "\":" + value + "}]")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (!trimmed.startsWith("{") || trimmed.equals("{}") || trimmed.isEmpty()) {
            return ("{\"" + field + "\":" + value + "}").getBytes(StandardCharsets.UTF_8);
        }
        String replaced = trimmed.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}\\]]+|\\{[^}]*\\}|\\[[^\\]]*\\])",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + value));
        if (replaced.equals(trimmed)) {
            replaced = "{\"" + field + "\":" + value + "," + trimmed.substring(1);
        }
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chunk(byte[] body, SplittableRandom r) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int n = Math.min(body.length - pos, 1 + r.nextInt(65536));
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, pos, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            pos += n;
        }
        if (r.nextInt(10) == 0) {
            out.writeBytes("zz\r\n".getBytes(StandardCharsets.ISO_8859_1)); // a broken chunk header
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static String pick(SplittableRandom r, String[] options) {
        return options[r.nextInt(options.length)];
    }

    private static String short_(String s) {
        return s.length() <= 24 ? s : s.substring(0, 12) + "..(" + s.length() + ")";
    }
}
