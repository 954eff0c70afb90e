package dev.romalocal.api;

import dev.romalocal.error.ErrorCode;
import dev.romalocal.iam.Authenticator;
import dev.romalocal.iam.Authorizer;
import dev.romalocal.iam.Principal;
import dev.romalocal.instance.Rules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The HTTP adapter: the route table, and the one handler chain every call goes through: request id, body (when
 * there is one), then on a worker thread authenticate, validate the path's project, authorize, run the endpoint;
 * then write the reply (or the rendered error) on the event loop. No business rules live here.
 */
public final class HttpApi {
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json;charset=UTF-8");
    private static final String APIC_INSTANCES = "/apic/instances/";
    /** Bulk seeding takes bodies up to this size; every other route the configured limit. */
    static final String SEED_PATH = "/_roma_local/seed";
    private static final int SEED_BODY_LIMIT = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final List<Route> routes;
    private final RequestFaults requestFaults;
    /** The founding GET's route, served by {@link #tryHotPath} without the router. */
    private final Route hot;
    private final AccessLog accessLog = new AccessLog(AccessLog.enabledByConfiguration());
    private final int maxBodyBytes;
    private final List<HttpServer> servers = new ArrayList<>();

    HttpApi(Vertx vertx, Authenticator authenticator, Authorizer authorizer, List<Route> routes,
            RequestFaults requestFaults, int maxBodyBytes) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.routes = routes;
        this.requestFaults = requestFaults;
        this.maxBodyBytes = maxBodyBytes;
        this.hot = routes.stream().filter(r -> r.method() == HttpMethod.GET
                && r.path().equals("/v2/:project_id/apic/instances/:instance_id")).findFirst().orElse(null);
    }

    /** Builds the route table of the whole API. */
    static HttpApi create(Vertx vertx, Authenticator authenticator, Authorizer authorizer,
                          InstanceEndpoints instances, LifecycleEndpoints lifecycle, IamEndpoints iam,
                          ControlEndpoints control, RequestFaults requestFaults, int maxBodyBytes) {
        List<Route> r = new ArrayList<>();
        // IAM (Keystone-style).
        r.add(new Route(HttpMethod.POST, "/v3/auth/tokens", ErrorFamily.IAM, Route.Access.PUBLIC, iam::createToken));
        r.add(new Route(HttpMethod.GET, "/v3/auth/tokens", ErrorFamily.IAM, Route.Access.AUTHENTICATED,
                iam::validateToken));
        r.add(new Route(HttpMethod.DELETE, "/v3/auth/tokens", ErrorFamily.IAM, Route.Access.AUTHENTICATED,
                iam::revokeToken));
        r.add(new Route(HttpMethod.GET, "/v3/projects", ErrorFamily.IAM, Route.Access.AUTHENTICATED, iam::projects));
        // ROMA Connect: APIC (service integration) views, and the update extension.
        r.add(new Route(HttpMethod.GET, "/v2/:project_id/apic/instances/:instance_id", ErrorFamily.APIC,
                Route.Access.PROJECT, instances::apicDetail, instances::apicDetailCached));
        r.add(new Route(HttpMethod.PUT, "/v2/:project_id/apic/instances/:instance_id", ErrorFamily.APIC,
                Route.Access.PROJECT, lifecycle::update));
        r.add(new Route(HttpMethod.GET, "/v2/:project_id/apic/instances/:instance_id/restriction", ErrorFamily.APIC,
                Route.Access.PROJECT, instances::restriction));
        // ROMA Connect: public-resource (platform) APIs.
        r.add(new Route(HttpMethod.GET, "/v2/:project_id/instances", ErrorFamily.ROMA, Route.Access.PROJECT,
                instances::platformList, instances::platformListCached));
        r.add(new Route(HttpMethod.GET, "/v2/:project_id/instances/:instance_id", ErrorFamily.ROMA,
                Route.Access.PROJECT, instances::platformDetail));
        r.add(new Route(HttpMethod.GET, "/v2/:project_id/instances/:instance_id/process", ErrorFamily.ROMA,
                Route.Access.PROJECT, lifecycle::progress));
        r.add(new Route(HttpMethod.POST, "/v3/:project_id/roma/instances", ErrorFamily.ROMA, Route.Access.PROJECT,
                lifecycle::createV3));
        r.add(new Route(HttpMethod.POST, "/v1/:project_id/instances", ErrorFamily.ROMA, Route.Access.PROJECT,
                lifecycle::createV1));
        r.add(new Route(HttpMethod.DELETE, "/v1/:project_id/roma/instances/:instance_id", ErrorFamily.ROMA,
                Route.Access.PROJECT, lifecycle::deleteV1));
        // The emulator's control API.
        String instance = "/_roma_local/projects/:project_id/instances/:instance_id";
        r.add(new Route(HttpMethod.GET, "/_roma_local/health", ErrorFamily.CONTROL, Route.Access.PUBLIC,
                control::health));
        r.add(new Route(HttpMethod.PUT, instance, ErrorFamily.CONTROL, Route.Access.ADMIN, control::upsert));
        r.add(new Route(HttpMethod.DELETE, instance, ErrorFamily.CONTROL, Route.Access.ADMIN, control::delete));
        r.add(new Route(HttpMethod.POST, instance + "/actions", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::action));
        r.add(new Route(HttpMethod.PUT, instance + "/status", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::forceStatus));
        r.add(new Route(HttpMethod.GET, instance + "/events", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::events));
        r.add(new Route(HttpMethod.POST, "/_roma_local/reset", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::reset));
        r.add(new Route(HttpMethod.POST, SEED_PATH, ErrorFamily.CONTROL, Route.Access.ADMIN, control::seed));
        r.add(new Route(HttpMethod.GET, "/_roma_local/clock", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::clock));
        r.add(new Route(HttpMethod.PUT, "/_roma_local/clock", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::setClock));
        r.add(new Route(HttpMethod.POST, "/_roma_local/clock/advance", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::advance));
        r.add(new Route(HttpMethod.POST, "/_roma_local/faults", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::addStepFault));
        r.add(new Route(HttpMethod.GET, "/_roma_local/faults", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::faults));
        r.add(new Route(HttpMethod.DELETE, "/_roma_local/faults", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::clearFaults));
        r.add(new Route(HttpMethod.POST, "/_roma_local/faults/requests", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::addRequestFault));
        r.add(new Route(HttpMethod.DELETE, "/_roma_local/faults/:fault_id", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::deleteStepFault));
        r.add(new Route(HttpMethod.GET, "/_roma_local/subnets", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::subnets));
        r.add(new Route(HttpMethod.PUT, "/_roma_local/subnets/:subnet_id", ErrorFamily.CONTROL, Route.Access.ADMIN,
                control::putSubnet));
        // Hot routes first: Vert.x Web tries routes in the order they were added.
        r.sort(java.util.Comparator.comparingInt(route -> route.fast() != null ? 0
                : route.path().startsWith("/v2/") ? 1 : 2));
        return new HttpApi(vertx, authenticator, authorizer, List.copyOf(r), requestFaults, maxBodyBytes);
    }

    List<Route> routes() {
        return routes;
    }

    Router router() {
        Router router = Router.router(vertx);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        BodyHandler seedBodies = BodyHandler.create(false).setBodyLimit(SEED_BODY_LIMIT);
        // Only requests that carry a body go through a body handler. (Not a method-restricted route: Vert.x Web
        // would answer 405 instead of 404 for unknown paths.)
        router.route().handler(ctx -> {
            if (!hasBody(ctx.request())) {
                ctx.next();
            } else if (ctx.request().path().equals(SEED_PATH)) {
                seedBodies.handle(ctx);
            } else {
                bodies.handle(ctx);
            }
        });
        for (Route route : routes) {
            router.route(route.method(), route.path()).handler(ctx -> dispatch(ctx, route));
        }
        router.route().failureHandler(this::onFailure);
        router.errorHandler(404, ctx -> write(ctx, ErrorRenderer.reply(ErrorCode.API_NOT_FOUND,
                ErrorCode.API_NOT_FOUND.message(), newRequestId())));
        router.errorHandler(405, this::methodNotAllowed);
        router.errorHandler(413, ctx -> write(ctx, ErrorRenderer.reply(ErrorCode.REQUEST_TOO_LARGE,
                ErrorCode.REQUEST_TOO_LARGE.message(), newRequestId())));
        router.errorHandler(400, ctx -> write(ctx, ErrorRenderer.reply(ErrorCode.BAD_REQUEST,
                ErrorCode.BAD_REQUEST.message("malformed request"), newRequestId())));
        router.errorHandler(500, ctx -> write(ctx, ErrorRenderer.render(
                ctx.failure() == null ? new IllegalStateException("status 500") : ctx.failure(),
                ErrorFamily.CONTROL, newRequestId())));
        return router;
    }

    /**
     * Listens on {@code host:port} with one server per event loop (servers of one Vertx on the same host and port
     * share one socket; Vert.x hands each connection to the next one's event loop). For port 0 a free port is
     * chosen first, so that every server binds the same one. Returns the bound port.
     */
    public Future<Integer> listen(String host, int port, int eventLoops) {
        int chosen = port == 0 ? freePort(host) : port;
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(chosen)
                .setCompressionSupported(false).setTcpNoDelay(true).setMaxInitialLineLength(8192)
                .setMaxHeaderSize(64 * 1024).setIdleTimeout(120);
        Future<?> all = Future.succeededFuture();
        for (int i = 0; i < eventLoops; i++) {
            all = all.compose(x -> startServer(options));
        }
        return all.map(x -> chosen);
    }

    private static int freePort(String host) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    private Future<HttpServer> startServer(HttpServerOptions options) {
        Router router = router();
        HttpServer server = vertx.createHttpServer(options).requestHandler(req -> {
            if (!tryHotPath(req)) {
                router.handle(req);
            }
        });
        synchronized (servers) {
            servers.add(server);
        }
        return server.listen();
    }

    public Future<Void> close() {
        List<Future<Void>> closing;
        synchronized (servers) {
            closing = servers.stream().map(HttpServer::close).toList();
            servers.clear();
        }
        return Future.all(closing).<Void>mapEmpty().onComplete(x -> accessLog.close());
    }

    private void dispatch(RoutingContext ctx, Route route) {
        serve(new Call(ctx, newRequestId()), route, System.nanoTime());
    }

    /**
     * The founding GET ({@code /v2/{project_id}/apic/instances/{instance_id}}) recognized by hand, before the
     * router: the hottest route skips the router's regular expressions and per-request routing state. Paths with
     * percent-escapes, extra segments or other methods go to the router as usual.
     */
    private boolean tryHotPath(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET || hot == null) {
            return false;
        }
        String path = req.path();
        if (!path.startsWith("/v2/") || path.indexOf('%') >= 0) {
            return false;
        }
        int slash = path.indexOf('/', 4);
        if (slash < 0 || !path.startsWith(APIC_INSTANCES, slash)) {
            return false;
        }
        int idStart = slash + APIC_INSTANCES.length();
        int end = path.endsWith("/") ? path.length() - 1 : path.length();
        int next = path.indexOf('/', idStart);
        if (end <= idStart || (next >= 0 && next < end)) {
            return false;
        }
        long started = System.nanoTime();
        Map<String, String> params = Map.of("project_id", path.substring(4, slash),
                "instance_id", path.substring(idStart, end));
        serve(new Call(req, params, newRequestId()), hot, started);
        return true;
    }

    private void serve(Call call, Route route, long started) {
        HttpServerRequest req = call.request();
        Reply injected = requestFaults.take(route, call.requestId());
        if (injected != null) {
            write(req, injected, call.requestId(), started, null);
            return;
        }
        if (route.fast() != null) {
            try {
                Reply fast = runFast(route, call);
                if (fast != null) {
                    write(req, fast, call.requestId(), started, call.principal());
                    return;
                }
            } catch (Throwable t) {
                write(req, ErrorRenderer.render(t, route.family(), call.requestId()), call.requestId(), started,
                        call.principal());
                return;
            }
        }
        vertx.executeBlocking(() -> run(route, call), false).onComplete(ar ->
                write(req, ar.succeeded() ? ar.result()
                                : ErrorRenderer.render(ar.cause(), route.family(), call.requestId()),
                        call.requestId(), started, call.principal()));
    }

    /** Answers from memory on the event loop, or returns null when the store is needed. */
    private Reply runFast(Route route, Call call) {
        Principal p = authenticator.authenticateCached(call);
        if (p == null) {
            return null;
        }
        call.principal(p);
        if (route.access() == Route.Access.PROJECT) {
            if (authorizer.checkCached(p, Rules.projectId("project_id", call.pathParam("project_id"))) == null) {
                return null;
            }
        } else if (route.access() == Route.Access.ADMIN) {
            authorizer.requireAdmin(p);
        }
        return route.fast().handle(call);
    }

    private Reply run(Route route, Call call) throws Exception {
        if (route.access() != Route.Access.PUBLIC) {
            Principal p = authenticator.authenticate(call);
            call.principal(p);
            if (route.access() == Route.Access.PROJECT) {
                authorizer.requireProject(p, Rules.projectId("project_id", call.pathParam("project_id")));
            } else if (route.access() == Route.Access.ADMIN) {
                authorizer.requireAdmin(p);
            }
        }
        return route.endpoint().handle(call);
    }

    private void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        Reply reply;
        String rid = newRequestId();
        if (failure == null && status == 413) {
            reply = ErrorRenderer.reply(ErrorCode.REQUEST_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE.message(), rid);
        } else if (failure == null && status >= 400 && status < 500) {
            reply = ErrorRenderer.reply(ErrorCode.BAD_REQUEST, ErrorCode.BAD_REQUEST.message("status " + status),
                    rid);
        } else {
            reply = ErrorRenderer.render(failure == null ? new IllegalStateException("status " + status) : failure,
                    ErrorFamily.CONTROL, rid);
        }
        write(ctx, reply);
    }

    private void methodNotAllowed(RoutingContext ctx) {
        String path = ctx.request().path();
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (route.pattern().matcher(path).matches()) {
                allowed.add(route.method().name());
            }
        }
        String list = allowed.stream().collect(Collectors.joining(", "));
        Reply reply = ErrorRenderer.reply(ErrorCode.METHOD_NOT_ALLOWED,
                ErrorCode.METHOD_NOT_ALLOWED.message(ctx.request().method().name(), list), newRequestId());
        write(ctx, list.isEmpty() ? reply : reply.withHeader("Allow", list));
    }

    /** Writes a router-level reply (no route ran). */
    private void write(RoutingContext ctx, Reply reply) {
        write(ctx.request(), reply, newRequestIdFor(reply), 0, null);
    }

    /** Writes a reply with its request id, and logs the request. */
    private void write(HttpServerRequest req, Reply reply, String rid, long started, Principal principal) {
        HttpServerResponse response = req.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        response.putHeader(X_REQUEST_ID, rid);
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.putHeader(h.getKey(), h.getValue());
        }
        if (reply.body() == null) {
            response.end();
        } else {
            response.putHeader(CONTENT_TYPE, JSON);
            response.end(reply.body());
        }
        accessLog.record(req.method().name(), req.path(), reply.status(), started, rid,
                principal == null ? null : principal.userName());
    }

    /** Router-level replies carry the request id in their body: the header must repeat it. */
    private static String newRequestIdFor(Reply reply) {
        return reply.requestId() != null ? reply.requestId() : newRequestId();
    }

    private static boolean hasBody(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.equals("0")) || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** 32 lower-case hex characters, like the real service's request ids. */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String a = Long.toHexString(r.nextLong());
        String b = Long.toHexString(r.nextLong());
        return "0".repeat(16 - a.length()) + a + "0".repeat(16 - b.length()) + b;
    }
}
