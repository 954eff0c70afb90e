package dev.romalocal.api;

import dev.romalocal.error.ErrorCode;
import dev.romalocal.iam.Authenticator;
import dev.romalocal.iam.Authorizer;
import dev.romalocal.iam.Principal;
import dev.romalocal.instance.Rules;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json;charset=UTF-8");
    private static final String CALL_FAMILY = "roma.family";
    private static final String REQUEST_ID = "roma.requestId";
    /** Bulk seeding takes bodies up to this size; every other route the configured limit. */
    static final String SEED_PATH = "/_roma_local/seed";
    private static final int SEED_BODY_LIMIT = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final List<Route> routes;
    private final RequestFaults requestFaults;
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
                Route.Access.PROJECT, instances::apicDetail));
        r.add(new Route(HttpMethod.PUT, "/v2/:project_id/apic/instances/:instance_id", ErrorFamily.APIC,
                Route.Access.PROJECT, lifecycle::update));
        r.add(new Route(HttpMethod.GET, "/v2/:project_id/apic/instances/:instance_id/restriction", ErrorFamily.APIC,
                Route.Access.PROJECT, instances::restriction));
        // ROMA Connect: public-resource (platform) APIs.
        r.add(new Route(HttpMethod.GET, "/v2/:project_id/instances", ErrorFamily.ROMA, Route.Access.PROJECT,
                instances::platformList));
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
        return new HttpApi(vertx, authenticator, authorizer, List.copyOf(r), requestFaults, maxBodyBytes);
    }

    List<Route> routes() {
        return routes;
    }

    Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::begin);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        BodyHandler seedBodies = BodyHandler.create(false).setBodyLimit(SEED_BODY_LIMIT);
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
                ErrorCode.API_NOT_FOUND.message(), requestId(ctx))));
        router.errorHandler(405, this::methodNotAllowed);
        router.errorHandler(413, ctx -> write(ctx, ErrorRenderer.reply(ErrorCode.REQUEST_TOO_LARGE,
                ErrorCode.REQUEST_TOO_LARGE.message(), requestId(ctx))));
        router.errorHandler(400, ctx -> write(ctx, ErrorRenderer.reply(ErrorCode.BAD_REQUEST,
                ErrorCode.BAD_REQUEST.message("malformed request"), requestId(ctx))));
        router.errorHandler(500, ctx -> write(ctx, ErrorRenderer.render(
                ctx.failure() == null ? new IllegalStateException("status 500") : ctx.failure(),
                family(ctx), requestId(ctx))));
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
        HttpServer server = vertx.createHttpServer(options).requestHandler(router());
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
        return Future.all(closing).mapEmpty();
    }

    private void begin(RoutingContext ctx) {
        long started = System.nanoTime();
        String rid = newRequestId();
        ctx.put(REQUEST_ID, rid);
        HttpServerResponse response = ctx.response();
        response.putHeader(X_REQUEST_ID, rid);
        response.endHandler(v -> {
            if (ACCESS.isInfoEnabled()) {
                Principal p = ctx.get("roma.principal");
                HttpServerRequest req = ctx.request();
                ACCESS.info("{} {} {} {}us rid={} user={}", req.method(), req.path(), response.getStatusCode(),
                        (System.nanoTime() - started) / 1000, rid, p == null ? "-" : p.userName());
            }
        });
        ctx.next();
    }

    private void dispatch(RoutingContext ctx, Route route) {
        ctx.put(CALL_FAMILY, route.family());
        Reply injected = requestFaults.take(route, requestId(ctx));
        if (injected != null) {
            write(ctx, injected);
            return;
        }
        Call call = newCall(ctx);
        vertx.executeBlocking(() -> run(route, call), false).onComplete(ar -> {
            if (call.principal() != null) {
                ctx.put("roma.principal", call.principal());
            }
            write(ctx, ar.succeeded() ? ar.result() : ErrorRenderer.render(ar.cause(), route.family(),
                    call.requestId()));
        });
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

    private Call newCall(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String uri = req.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? null : uri.substring(q + 1);
        String host = req.headers().get(HttpHeaders.HOST);
        String baseUrl = (req.isSSL() ? "https://" : "http://") + (host == null ? "localhost" : host);
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        return new Call(req.method().name(), rawPath, rawQuery, req.headers(), ctx.queryParams(),
                Map.copyOf(ctx.pathParams()), body, requestId(ctx), baseUrl);
    }

    private void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        Reply reply;
        if (failure == null && status == 413) {
            reply = ErrorRenderer.reply(ErrorCode.REQUEST_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE.message(),
                    requestId(ctx));
        } else if (failure == null && status >= 400 && status < 500) {
            reply = ErrorRenderer.reply(ErrorCode.BAD_REQUEST, ErrorCode.BAD_REQUEST.message("status " + status),
                    requestId(ctx));
        } else {
            reply = ErrorRenderer.render(failure == null ? new IllegalStateException("status " + status) : failure,
                    family(ctx), requestId(ctx));
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
                ErrorCode.METHOD_NOT_ALLOWED.message(ctx.request().method().name(), list), requestId(ctx));
        write(ctx, list.isEmpty() ? reply : reply.withHeader("Allow", list));
    }

    private static void write(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        if (!response.headers().contains(X_REQUEST_ID)) {
            response.putHeader(X_REQUEST_ID, requestId(ctx));
        }
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.putHeader(h.getKey(), h.getValue());
        }
        if (reply.body() == null) {
            response.end();
        } else {
            response.putHeader(CONTENT_TYPE, JSON);
            response.end(reply.body());
        }
    }

    private static boolean hasBody(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.equals("0")) || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static ErrorFamily family(RoutingContext ctx) {
        ErrorFamily f = ctx.get(CALL_FAMILY);
        return f == null ? ErrorFamily.CONTROL : f;
    }

    private static String requestId(RoutingContext ctx) {
        String rid = ctx.get(REQUEST_ID);
        return rid == null ? newRequestId() : rid;
    }

    /** 32 lower-case hex characters, like the real service's request ids. */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String a = Long.toHexString(r.nextLong());
        String b = Long.toHexString(r.nextLong());
        return "0".repeat(16 - a.length()) + a + "0".repeat(16 - b.length()) + b;
    }
}
