package dev.romalocal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.error.MissingBodyException;
import dev.romalocal.iam.Principal;
import dev.romalocal.iam.SignedRequest;
import dev.romalocal.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * One API call as endpoints see it: the request facts they may read (path parameters, query, headers, body) and
 * the caller once authenticated. Free of routing; safe to use on a worker thread.
 */
public final class Call implements SignedRequest {
    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final MultiMap headers;
    private final MultiMap query;
    private final Map<String, String> pathParams;
    private final Buffer body;
    private final String requestId;
    private final String baseUrl;
    private Principal principal;

    Call(String method, String rawPath, String rawQuery, MultiMap headers, MultiMap query,
         Map<String, String> pathParams, Buffer body, String requestId, String baseUrl) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.query = query;
        this.pathParams = pathParams;
        this.body = body;
        this.requestId = requestId;
        this.baseUrl = baseUrl;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public byte[] body() {
        return body == null ? NO_BODY : body.getBytes();
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A query parameter's value; more than one value for a parameter that takes one is a 400. */
    public String query(String name) {
        java.util.List<String> all = query.getAll(name);
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw new InvalidParameterException(name, "must be given once");
        }
        return all.get(0);
    }

    public java.util.Set<String> queryNames() {
        return query.names();
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
        return baseUrl;
    }

    public Principal principal() {
        return principal;
    }

    void principal(Principal p) {
        this.principal = p;
    }
}
