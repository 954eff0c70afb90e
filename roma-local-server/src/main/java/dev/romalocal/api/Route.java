package dev.romalocal.api;

import io.vertx.core.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the API, declared once: method and path template, the operation's name as the SDK calls it,
 * whether it is the real service's or an extension, the permission action it needs, who may call, the family its
 * errors belong to, its query parameters, its body limit, and its handler. The declaration feeds routing,
 * authentication, request faults, the OpenAPI document and the README's coverage table.
 *
 * @param path        the template, {@code /v2/{project_id}/apic/instances/{instance_id}}
 * @param operation   the SDK's operation name ({@code ShowDetailsOfInstanceV2}), or ours for extensions
 * @param action      the permission action ({@code roma:instances:get}); null for public routes
 * @param bodyLimit   the largest body accepted, in bytes; 0 when the route takes no body
 * @param spool       the body is streamed to a temporary file rather than held in memory (bulk routes)
 * @param bodyType    what the body binds to ({@code json.Bind}; its schema is the body's in the OpenAPI document);
 *                    null when the route takes no body
 * @param memoryFirst the handler is a read that may finish from memory: it runs on the event loop first, and
 *                    again on a worker only when it needs the store (see {@code store.Blocking})
 */
record Route(HttpMethod method, String path, String operation, String summary, boolean real, ErrorFamily family,
             Access access, String action, List<String> query, int successStatus, int bodyLimit, boolean spool,
             Class<?> bodyType, boolean memoryFirst, Handler handler) {

    /** Who may call a route. */
    enum Access {
        /** Anyone (health, token creation: the body carries the password). */
        PUBLIC,
        /** Any valid credentials (self-service: the caller's own tokens, projects, keys). */
        AUTHENTICATED,
        /** Credentials whose policies allow the action on the caller's own account (identity management). */
        ACCOUNT,
        /** Credentials scoped to the path's {@code project_id}, whose policies allow the action on that project. */
        PROJECT,
        /** The server's built-in administrator only (control of the whole server: reset, seed, clock, faults). */
        OPERATOR
    }

    /** A route's handler: may throw catalogue exceptions; blocks only when the route is not memory-first. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call) throws Exception;
    }

    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    /** This route with the server's default body limit where it declared none. */
    Route withDefaultBodyLimit(int bytes) {
        return bodyLimit >= 0 ? this : new Route(method, path, operation, summary, real, family, access, action, query,
                successStatus, bytes, spool, bodyType, memoryFirst, handler);
    }

    /** The path parameters' names, in order. */
    List<String> pathParams() {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Builder get(String path, String operation) {
        return new Builder(HttpMethod.GET, path, operation);
    }

    static Builder post(String path, String operation) {
        return new Builder(HttpMethod.POST, path, operation);
    }

    static Builder put(String path, String operation) {
        return new Builder(HttpMethod.PUT, path, operation);
    }

    static Builder delete(String path, String operation) {
        return new Builder(HttpMethod.DELETE, path, operation);
    }

    static Builder patch(String path, String operation) {
        return new Builder(HttpMethod.PATCH, path, operation);
    }

    /** A check answered by status alone (IAM's {@code HEAD} checks: 204 or 404, no body). */
    static Builder head(String path, String operation) {
        return new Builder(HttpMethod.HEAD, path, operation);
    }

    /** Reads like the declaration it makes: {@code Route.get(path, op).apic().project("roma:instances:get")...}. */
    static final class Builder {
        private final HttpMethod method;
        private final String path;
        private final String operation;
        private String summary = "";
        private boolean real = true;
        private ErrorFamily family = ErrorFamily.CONTROL;
        private Access access = Access.PUBLIC;
        private String action;
        private final List<String> query = new ArrayList<>();
        private int successStatus = 200;
        private int bodyLimit = -1;
        private boolean spool;
        private Class<?> bodyType;
        private boolean memoryFirst;

        private Builder(HttpMethod method, String path, String operation) {
            this.method = method;
            this.path = path;
            this.operation = operation;
        }

        Builder summary(String s) {
            this.summary = s;
            return this;
        }

        /** An extension of ours, not an API of the real service. */
        Builder extension() {
            this.real = false;
            return this;
        }

        Builder family(ErrorFamily f) {
            this.family = f;
            return this;
        }

        Builder open() {
            this.access = Access.PUBLIC;
            return this;
        }

        Builder authenticated(String action) {
            this.access = Access.AUTHENTICATED;
            this.action = action;
            return this;
        }

        Builder project(String action) {
            this.access = Access.PROJECT;
            this.action = action;
            return this;
        }

        Builder account(String action) {
            this.access = Access.ACCOUNT;
            this.action = action;
            return this;
        }

        Builder operator(String action) {
            this.access = Access.OPERATOR;
            this.action = action;
            return this;
        }

        Builder query(String... names) {
            this.query.addAll(List.of(names));
            return this;
        }

        Builder status(int status) {
            this.successStatus = status;
            return this;
        }

        /** Takes a JSON body of at most {@code bytes}. */
        Builder body(int bytes) {
            this.bodyLimit = bytes;
            return this;
        }

        /**
         * What the body binds to: a record checked by {@code json.Bind} ({@code json.NoBody} for a body that is
         * ignored). Every route that takes a body declares it.
         */
        Builder bodyOf(Class<?> type) {
            this.bodyType = type;
            return this;
        }

        /** Takes a large body, streamed to a temporary file as it arrives. */
        Builder spooledBody(int bytes) {
            this.bodyLimit = bytes;
            this.spool = true;
            return this;
        }

        Builder memoryFirst() {
            this.memoryFirst = true;
            return this;
        }

        /** Completes the declaration. POST, PUT and PATCH routes that set no body limit get the server's default. */
        Route handler(Handler handler) {
            boolean takesBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
            int limit = bodyLimit >= 0 ? bodyLimit : takesBody ? -1 : 0;
            if (memoryFirst && method != HttpMethod.GET) {
                throw new IllegalStateException(operation + ": only reads may run memory-first (they may run twice)");
            }
            if (limit != 0 && bodyType == null) {
                throw new IllegalStateException(operation + ": declare what the body binds to with bodyOf(Record.class) "
                        + "(bodyOf(NoBody.class) for a body that is ignored)");
            }
            return new Route(method, path, operation, summary, real, family, access, action, List.copyOf(query),
                    successStatus, limit, spool, limit == 0 ? null : bodyType, memoryFirst, handler);
        }
    }
}
