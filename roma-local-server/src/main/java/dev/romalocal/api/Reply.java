package dev.romalocal.api;

import dev.romalocal.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: a status, JSON bytes (or nothing) and extra headers; or, for a stream (the console's
 * server-sent events), a {@link Stream} that takes over the response once the status and headers are set.
 */
public record Reply(int status, Buffer body, Map<String, String> headers, String requestId, Stream stream) {

    /** Writes a long-lived response itself (on the response's event loop); the intake never ends it. */
    @FunctionalInterface
    public interface Stream {
        void open(HttpServerResponse response);
    }

    public Reply(int status, Buffer body, Map<String, String> headers, String requestId) {
        this(status, body, headers, requestId, null);
    }

    public Reply(int status, Buffer body, Map<String, String> headers) {
        this(status, body, headers, null, null);
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

    /** A streamed answer: status and headers now, then whatever {@code stream} writes. */
    public static Reply streamed(int status, Map<String, String> headers, Stream stream) {
        return new Reply(status, null, headers, null, stream);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, body, Map.copyOf(h), requestId, stream);
    }
}
