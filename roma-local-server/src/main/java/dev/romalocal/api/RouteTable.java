package dev.romalocal.api;

import dev.romalocal.error.ErrorCode;
import io.vertx.core.http.HttpMethod;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route of a request path without regular expressions or per-request allocation beyond the parameter
 * values: each template is split once into literal and parameter segments, and a path is compared segment by
 * segment in place. One trailing slash is accepted. Parameter values are percent-decoded; a malformed escape is a
 * client error.
 */
final class RouteTable {
    /** The outcome of a lookup: a route with its parameters, or why there is none. */
    record Match(Route route, Map<String, String> params, ErrorCode error, String allowed) {
        static final Match NOT_FOUND = new Match(null, null, ErrorCode.API_NOT_FOUND, null);
        static final Match BAD_ESCAPE = new Match(null, null, ErrorCode.BAD_REQUEST, null);
    }

    private record Compiled(Route route, String[] segments, boolean[] isParam) {
    }

    private final List<Route> routes;
    private final Compiled[] compiled;

    RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.compiled = new Compiled[routes.size()];
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            String[] segments = r.path().substring(1).split("/");
            boolean[] isParam = new boolean[segments.length];
            for (int s = 0; s < segments.length; s++) {
                if (segments[s].startsWith("{")) {
                    isParam[s] = true;
                    segments[s] = segments[s].substring(1, segments[s].length() - 1);
                }
            }
            compiled[i] = new Compiled(r, segments, isParam);
        }
    }

    List<Route> routes() {
        return routes;
    }

    Match match(HttpMethod method, String path) {
        Set<String> allowed = null;
        for (Compiled c : compiled) {
            if (!matches(c, path)) {
                continue;
            }
            if (c.route().method() == method) {
                Map<String, String> params = params(c, path);
                return params == null ? Match.BAD_ESCAPE : new Match(c.route(), params, null, null);
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(c.route().method().name());
        }
        if (allowed == null) {
            return Match.NOT_FOUND;
        }
        return new Match(null, null, ErrorCode.METHOD_NOT_ALLOWED, String.join(", ", allowed));
    }

    /** True when the path has the template's segments (a parameter matches any non-empty segment). */
    private static boolean matches(Compiled c, String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int end = path.length();
        if (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        int pos = 1;
        String[] segments = c.segments();
        for (int s = 0; s < segments.length; s++) {
            if (pos > end) {
                return false;
            }
            int next = path.indexOf('/', pos);
            if (next < 0 || next > end) {
                next = end;
            }
            if (c.isParam()[s]) {
                if (next == pos) {
                    return false;
                }
            } else if (next - pos != segments[s].length() || !path.regionMatches(pos, segments[s], 0, next - pos)) {
                return false;
            }
            pos = next + 1;
        }
        return pos == end + 1;
    }

    /** The parameters of a path the template matched; null when one has a malformed percent-escape. */
    private static Map<String, String> params(Compiled c, String path) {
        Map<String, String> params = new HashMap<>(4);
        int pos = 1;
        String[] segments = c.segments();
        for (int s = 0; s < segments.length; s++) {
            int next = path.indexOf('/', pos);
            if (next < 0) {
                next = path.length();
            }
            if (c.isParam()[s]) {
                String raw = path.substring(pos, next);
                String value = decode(raw);
                if (value == null) {
                    return null;
                }
                params.put(segments[s], value);
            }
            pos = next + 1;
        }
        return params;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
