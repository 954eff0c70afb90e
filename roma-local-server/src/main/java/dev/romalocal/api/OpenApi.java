package dev.romalocal.api;

import dev.romalocal.error.ErrorCode;
import dev.romalocal.json.Json;
import dev.romalocal.json.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operation table as an OpenAPI 3.1 document: every route with its operation id (the SDK's name), whether it is
 * the real service's API or an extension ({@code x-roma-local-kind}), the permission action it needs
 * ({@code x-roma-local-action}), its parameters, body limit, success status and the catalogue errors its family
 * answers with, and the schema of its body, generated from the record the body binds to (the route's {@code bodyOf}).
 * Generated from {@link Routes}, so it cannot drift from what the server does.
 */
final class OpenApi {
    private OpenApi() {
    }

    static byte[] document(List<Route> routes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "ROMA Local", "version", version(),
                "description", "The ROMA Connect instance-management API as ROMA Local serves it, with its "
                        + "extensions (x-roma-local-kind: extension)."));
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Route r : routes) {
            paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>())
                    .put(r.method().name().toLowerCase(java.util.Locale.ROOT), operation(r));
        }
        doc.put("paths", paths);
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put("token", Map.of("type", "apiKey", "in", "header", "name", "X-Auth-Token",
                "description", "an IAM token from POST /v3/auth/tokens"));
        schemes.put("signature", Map.of("type", "apiKey", "in", "header", "name", "Authorization",
                "description", "SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=... with X-Sdk-Date"));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "object");
        error.put("required", List.of("error_code", "error_msg"));
        error.put("properties", Map.of("error_code", Map.of("type", "string"), "error_msg", Map.of("type", "string"),
                "request_id", Map.of("type", "string")));
        doc.put("components", Map.of("securitySchemes", schemes, "schemas", Map.of("Error", error)));
        return Json.wireBytes(doc);
    }

    private static Map<String, Object> operation(Route r) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", r.operation());
        op.put("summary", r.summary().replace("`", ""));
        op.put("tags", List.of(r.real() ? "real" : "extension"));
        op.put("x-roma-local-kind", r.real() ? "real" : "extension");
        if (r.action() != null) {
            op.put("x-roma-local-action", r.action());
        }
        List<Map<String, Object>> params = new ArrayList<>();
        for (String name : r.pathParams()) {
            params.add(Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        for (String name : r.query()) {
            params.add(Map.of("name", name, "in", "query", "required", false, "schema", Map.of("type", "string")));
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (r.bodyType() != null) {
            Class<?> body = r.bodyType();
            op.put("requestBody", Map.of("required", true, "x-roma-local-max-bytes", r.bodyLimit(),
                    "content", Map.of("application/json", Map.of("schema", Schema.of(body)))));
        }
        op.put("security", r.access() == Route.Access.PUBLIC ? List.of()
                : List.of(Map.of("token", List.of()), Map.of("signature", List.of())));
        Map<String, Object> responses = new TreeMap<>();
        responses.put(String.valueOf(r.successStatus()), Map.of("description", "success"));
        for (Map.Entry<Integer, List<String>> e : errors(r).entrySet()) {
            responses.put(String.valueOf(e.getKey()), Map.of("description", String.join(", ", e.getValue()),
                    "content", Map.of("application/json",
                            Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
        }
        op.put("responses", responses);
        return op;
    }

    /** The catalogue errors a route can answer, by HTTP status. */
    private static Map<Integer, List<String>> errors(Route r) {
        List<ErrorCode> codes = new ArrayList<>(List.of(r.family().invalidParameter(), ErrorCode.INTERNAL,
                ErrorCode.THROTTLED));
        if (r.access() != Route.Access.PUBLIC) {
            codes.add(ErrorCode.TOKEN_INVALID);
            codes.add(ErrorCode.SIGNATURE_INVALID);
            codes.add(ErrorCode.NO_PERMISSION);
        }
        if (r.pathParams().contains("instance_id")) {
            codes.add(ErrorCode.INSTANCE_NOT_FOUND);
        }
        if (r.bodyLimit() > 0) {
            codes.add(ErrorCode.REQUEST_TOO_LARGE);
            codes.add(ErrorCode.SERVER_BUSY);
        }
        Map<Integer, List<String>> byStatus = new TreeMap<>();
        for (ErrorCode c : codes) {
            byStatus.computeIfAbsent(c.httpStatus(), s -> new ArrayList<>()).add(c.code());
        }
        return byStatus;
    }

    private static String version() {
        String v = OpenApi.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
