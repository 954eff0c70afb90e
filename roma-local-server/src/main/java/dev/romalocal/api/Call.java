package dev.romalocal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.error.MissingBodyException;
import dev.romalocal.iam.Principal;
import dev.romalocal.iam.SignedRequest;
import dev.romalocal.json.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;


/**
 * One API call as endpoints see it: the request facts they may read (path parameters, query, headers, body) and
 * the caller once authenticated. Free of routing; safe to use on a worker thread.
 */
public final class Call implements SignedRequest {
    private static final byte[] NO_BODY = new byte[0];

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final Map<String, String> pathParams;
    private final String requestId;
    private Principal principal;

    /** A call the router dispatched. */
    Call(RoutingContext ctx, String requestId) {
        this.ctx = ctx;
        this.request = ctx.request();
        this.pathParams = null;
        this.requestId = requestId;
    }

    /** A call the hot-path dispatcher recognized without the router (no body). */
    Call(HttpServerRequest request, Map<String, String> pathParams, String requestId) {
        this.ctx = null;
        this.request = request;
        this.pathParams = pathParams;
        this.requestId = requestId;
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

    @Override
    public byte[] body() {
        Buffer b = body0();
        return b == null ? NO_BODY : b.getBytes();
    }

    private Buffer body0() {
        return ctx == null || ctx.body() == null ? null : ctx.body().buffer();
    }

    public String pathParam(String name) {
        return ctx != null ? ctx.pathParam(name) : pathParams.get(name);
    }

    /** A query parameter's value; more than one value for a parameter that takes one is a 400. */
    public String query(String name) {
        java.util.List<String> all = (ctx != null ? ctx.queryParams() : request.params()).getAll(name);
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
        Buffer body = body0();
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

    public Principal principal() {
        return principal;
    }

    void principal(Principal p) {
        this.principal = p;
    }
}
