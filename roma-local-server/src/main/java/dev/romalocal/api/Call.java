package dev.romalocal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.error.MissingBodyException;
import dev.romalocal.iam.PayloadDigest;
import dev.romalocal.iam.Principal;
import dev.romalocal.iam.SignedRequest;
import dev.romalocal.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One API call as handlers see it: its route, the request facts they may read (path parameters, query, headers,
 * body) and the caller once authenticated. Safe to use on a worker thread.
 */
public final class Call implements SignedRequest {
    private static final byte[] NO_BODY = new byte[0];

    private final HttpServerRequest request;
    private final Route route;
    private final Map<String, String> pathParams;
    private final String requestId;
    private final long started;
    private Principal principal;
    private Buffer body;
    private Path bodyFile;
    private PayloadDigest bodyDigest;
    private String bodyHash;
    private long reservedBytes;

    Call(HttpServerRequest request, Route route, Map<String, String> pathParams, String requestId, long started) {
        this.request = request;
        this.route = route;
        this.pathParams = pathParams;
        this.requestId = requestId;
        this.started = started;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String rawPath() {
        return request.path();
    }

    @Override
    public String rawQuery() {
        return request.query();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    /** The body held in memory (empty for routes without a body, and for spooled bodies). */
    @Override
    public byte[] body() {
        return body == null ? NO_BODY : body.getBytes();
    }

    /**
     * The digest of the body as received: computed while it streamed in (signed requests, with the digest their
     * algorithm needs), else now (from memory, or from the spooled file).
     */
    @Override
    public String bodyHashHex(PayloadDigest digest) {
        if (bodyHash != null && bodyDigest == digest) {
            return bodyHash;
        }
        if (bodyFile == null) {
            return SignedRequest.super.bodyHashHex(digest);
        }
        java.security.MessageDigest d = digest.newDigest();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(bodyFile)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                d.update(buffer, 0, n);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.HexFormat.of().formatHex(d.digest());
    }

    /** The temporary file a spooled body was streamed to, or null. */
    public Path bodyFile() {
        return bodyFile;
    }

    void received(Buffer inMemory, Path spooled, PayloadDigest digest, String hashHex) {
        this.body = inMemory;
        this.bodyFile = spooled;
        this.bodyDigest = digest;
        this.bodyHash = hashHex;
    }

    /** Bytes of the server's body budget this call holds until it is answered. */
    long reservedBytes() {
        return reservedBytes;
    }

    void reservedBytes(long n) {
        this.reservedBytes = n;
    }

    boolean hasBody() {
        return (body != null && body.length() > 0) || bodyFile != null;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A query parameter's value; more than one value for a parameter that takes one is a 400. */
    public String query(String name) {
        List<String> all;
        try {
            all = request.params().getAll(name);
        } catch (RuntimeException e) {
            throw new InvalidParameterException(name, "the query string has a malformed percent-escape");
        }
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw new InvalidParameterException(name, "must be given once");
        }
        return all.get(0);
    }

    /** The body as JSON: a missing body and malformed JSON are client errors. */
    public JsonNode json() {
        if (body == null || body.length() == 0) {
            throw new MissingBodyException();
        }
        try {
            JsonNode node = Json.WIRE.readTree(body.getBytes());
            if (node == null || node.isMissingNode()) {
                throw new MissingBodyException();
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidParameterException("body", "cannot be read");
        }
    }

    public String requestId() {
        return requestId;
    }

    /** {@code http://host:port} as the client addressed this server. */
    public String baseUrl() {
        String host = request.headers().get("Host");
        return (request.isSSL() ? "https://" : "http://") + (host == null ? "localhost" : host);
    }

    HttpServerRequest request() {
        return request;
    }

    Route route() {
        return route;
    }

    long started() {
        return started;
    }

    public Principal principal() {
        return principal;
    }

    void principal(Principal p) {
        this.principal = p;
    }
}
