package dev.romalocal.api;

import dev.romalocal.json.Json;
import io.vertx.core.buffer.Buffer;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: a status, JSON bytes (or nothing) and extra headers. */
public record Reply(int status, Buffer body, Map<String, String> headers, String requestId) {

    public Reply(int status, Buffer body, Map<String, String> headers) {
        this(status, body, headers, null);
    }

    public static Reply json(int status, Object view) {
        return new Reply(status, Buffer.buffer(Json.wireBytes(view)), Map.of());
    }

    public static Reply ok(Object view) {
        return json(200, view);
    }

    /** Prepared JSON bytes (shared: they are copied into the response, never changed). */
    public static Reply bytes(int status, byte[] json) {
        return new Reply(status, Buffer.buffer(json), Map.of());
    }

    public static Reply empty(int status) {
        return new Reply(status, null, Map.of());
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, body, Map.copyOf(h), requestId);
    }
}
