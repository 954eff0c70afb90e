package dev.romalocal.api;

import dev.romalocal.error.ErrorCode;
import dev.romalocal.audit.AuditEvent;
import dev.romalocal.audit.AuditTrail;
import dev.romalocal.iam.Authenticator;
import dev.romalocal.iam.Authorizer;
import dev.romalocal.iam.Principal;
import dev.romalocal.instance.Rules;
import dev.romalocal.store.Blocking;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HTTP adapter: one intake for every route of the {@link Routes operation table}. For each request, in order:
 * a request id; the route (404 and 405 with {@code Allow} from the table); for a route that takes a body, the
 * declared length against the route's limit, then the caller's credentials from the headers alone (a token, before
 * a byte of the body is read; a signature needs the body's hash, so a signed body is read first, within the
 * limit and the server-wide body budget); the body; authorization; request faults (spent only by authenticated
 * calls); the handler. Reads declared memory-first run on the event loop and move to a worker only when they need
 * the store ({@link Blocking}); everything else runs on a worker. No business rules live here.
 */
public final class HttpApi {
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json;charset=UTF-8");
    /** The longest request line and header block accepted (longer: 414 and 431, as catalogue JSON). */
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final long LINGER_BYTES = 8L << 20;
    private static final long LINGER_MILLIS = 5_000;

    private final Vertx vertx;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final RouteTable table;
    private final RequestFaults requestFaults;
    private final BodyIntake intake;
    private final AuditTrail audit;
    private final AccessLog accessLog = new AccessLog(AccessLog.enabledByConfiguration());
    private final RequestMetrics metrics;
    private final List<HttpServer> servers = new ArrayList<>();

    HttpApi(Vertx vertx, Authenticator authenticator, Authorizer authorizer, List<Route> routes,
            RequestFaults requestFaults, long bodyBudgetBytes, AuditTrail audit,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.vertx = vertx;
        this.audit = audit;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.table = new RouteTable(routes);
        this.metrics = new RequestMetrics(meters, table.routes());
        this.requestFaults = requestFaults;
        this.intake = new BodyIntake(vertx, bodyBudgetBytes);
        Blocking.install(Context::isOnEventLoopThread);
    }

    List<Route> routes() {
        return table.routes();
    }

    /**
     * Listens on {@code host:port} with one server per event loop (servers of one Vertx on the same host and port
     * share one socket; Vert.x hands each connection to the next one's event loop). For port 0 a free port is
     * chosen first, so that every server binds the same one. Returns the bound port.
     */
    public Future<Integer> listen(String host, int port, int eventLoops) {
        int chosen = port == 0 ? freePort(host) : port;
        // HTTP/1.1 only, as the cloud's endpoints speak it to the SDKs: no clear-text HTTP/2 upgrade and no
        // WebSocket compression, each of which is a pipeline handler that inspects every request and response.
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(chosen)
                .setCompressionSupported(false).setTcpNoDelay(true).setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES).setIdleTimeout(120).setHttp2ClearTextEnabled(false)
                .setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false);
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
        HttpServer server = vertx.createHttpServer(options)
                .requestHandler(this::handle)
                .invalidRequestHandler(this::invalid);
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

    // --- the intake ------------------------------------------------------------------------------------------

    private void handle(HttpServerRequest req) {
        long started = System.nanoTime();
        String rid = newRequestId();
        RouteTable.Match m = table.match(req.method(), req.path());
        Route route = m.route();
        boolean body = hasBody(req);
        if (route == null) {
            write(req, null, routingError(m, req, rid), rid, started, null, body);
            return;
        }
        Call call = new Call(req, route, m.params(), rid, started);
        if (body) {
            // A body whose framing breaks (a malformed chunk) ends the connection: answer first, if nothing has.
            req.exceptionHandler(e -> {
                refuse(call, ErrorRenderer.render(BodyIntake.unreadable(), route.family(), rid));
                flushNow(req); // an answer written before the framing broke must not be lost either
            });
        }
        if (route.bodyLimit() == 0 || !body) {
            // No body to read (a body sent to a route that takes none is not read: it is discarded as it comes).
            proceed(call);
            return;
        }
        if (BodyIntake.declaredLength(req) > route.bodyLimit()) {
            refuse(call, ErrorRenderer.reply(ErrorCode.REQUEST_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE.message(), rid));
            return;
        }
        req.pause();
        if (route.access() == Route.Access.PUBLIC) {
            readThenProceed(call, false);
        } else if (isSigned(req)) {
            checkThenRead(call, () -> {
                authenticator.precheckSignature(call);
                return null;
            }, true);
        } else {
            checkThenRead(call, () -> authenticator.authenticate(call), false);
        }
    }

    /**
     * Checks the credentials from the headers before the body is read, so that no stranger's body is held: a
     * token entirely, a signature as far as it can be checked without the body (shape, date, a known and enabled
     * key). From memory on the event loop, else on a worker.
     */
    private void checkThenRead(Call call, java.util.concurrent.Callable<Principal> check, boolean hash) {
        try {
            call.principal(check.call());
            readThenProceed(call, hash);
            return;
        } catch (Blocking.Needed needed) {
            // Not in memory: check it on a worker.
        } catch (Throwable t) {
            refuse(call, render(t, call));
            return;
        }
        vertx.executeBlocking(check, false).onComplete(ar -> {
            if (ar.failed()) {
                refuse(call, render(ar.cause(), call));
            } else {
                call.principal(ar.result());
                readThenProceed(call, hash);
            }
        });
    }

    private void readThenProceed(Call call, boolean hash) {
        intake.read(call, hash).onComplete(ar -> {
            if (ar.failed()) {
                refuse(call, render(ar.cause(), call));
            } else {
                proceed(call);
            }
        });
    }

    /** Runs the call: on the event loop when it is a read that may finish from memory, else on a worker. */
    private void proceed(Call call) {
        if (call.route().memoryFirst()) {
            try {
                finish(call, execute(call));
                return;
            } catch (Blocking.Needed needed) {
                // Needs the store: the same code runs again on a worker.
            } catch (Throwable t) {
                finish(call, render(t, call));
                return;
            }
        }
        vertx.executeBlocking(() -> execute(call), false).onComplete(ar ->
                finish(call, ar.succeeded() ? ar.result() : render(ar.cause(), call)));
    }

    /** Authenticate (unless done), authorize, spend a request fault if one is armed, run the handler. */
    private Reply execute(Call call) throws Exception {
        Route route = call.route();
        if (route.access() != Route.Access.PUBLIC) {
            Principal p = call.principal();
            if (p == null) {
                p = authenticator.authenticate(call);
                call.principal(p);
            }
            switch (route.access()) {
                case PROJECT -> authorizer.requireProject(p,
                        Rules.projectId("project_id", call.pathParam("project_id")), route.action());
                case ACCOUNT -> authorizer.requireAccount(p, route.action());
                case OPERATOR -> authorizer.requireOperator(p, route.action());
                default -> {
                }
            }
        }
        Reply injected = requestFaults.take(route, call.requestId());
        if (injected != null) {
            return injected;
        }
        return route.handler().handle(call);
    }

    private static Reply render(Throwable t, Call call) {
        return ErrorRenderer.render(t, call.route().family(), call.requestId());
    }

    /** Answers a call whose body was read (or that had none). */
    private void finish(Call call, Reply reply) {
        write(call.request(), call.route(), reply, call.requestId(), call.started(), call.principal(), false);
        audit(call, reply);
        intake.release(call);
    }

    /** Answers a call whose body was not (wholly) read: the connection closes after the answer. */
    private void refuse(Call call, Reply reply) {
        if (reply.status() == 503) {
            reply = reply.withHeader("Retry-After", "1");
        }
        write(call.request(), call.route(), reply, call.requestId(), call.started(), call.principal(), true);
        audit(call, reply);
        intake.release(call);
    }

    /**
     * Records writes (any method but GET) and refused credentials or permissions (401, 403) in the audit trail.
     * Reads that succeed are not recorded: the hot path does not pay for the trail.
     */
    private void audit(Call call, Reply reply) {
        int status = reply.status();
        Route route = call.route();
        if (route.method() == io.vertx.core.http.HttpMethod.GET && status != 401 && status != 403) {
            return;
        }
        String code = errorCode(reply);
        if (status == 401 || status == 403) {
            metrics.authFailure(status, code);
        }
        Principal p = call.principal();
        HttpServerRequest req = call.request();
        String source = req.remoteAddress() == null ? "-" : req.remoteAddress().hostAddress();
        audit.record(new AuditEvent(0, audit.now(), call.requestId(),
                p == null ? null : p.domainId(), p == null ? "-" : p.userName() + "@" + p.domainName(), source,
                route.action() == null ? route.operation() : route.action(),
                route.method().name() + " " + req.path(), AuditEvent.result(status), status, code,
                reply.headers().get(ErrorRenderer.REASON_HEADER)));
    }

    /** The catalogue code of an error reply (read back from its body; errors are not the hot path). */
    private static String errorCode(Reply reply) {
        if (reply.status() < 400 || reply.body() == null) {
            return null;
        }
        try {
            return dev.romalocal.json.Json.WIRE.readTree(reply.body().getBytes()).path("error_code").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private Reply routingError(RouteTable.Match m, HttpServerRequest req, String rid) {
        if (m.error() == ErrorCode.METHOD_NOT_ALLOWED) {
            return ErrorRenderer.reply(ErrorCode.METHOD_NOT_ALLOWED,
                    ErrorCode.METHOD_NOT_ALLOWED.message(req.method().name(), m.allowed()), rid)
                    .withHeader("Allow", m.allowed());
        }
        if (m.error() == ErrorCode.BAD_REQUEST) {
            return ErrorRenderer.reply(ErrorCode.BAD_REQUEST,
                    ErrorCode.BAD_REQUEST.message("malformed percent-escape in the path"), rid);
        }
        return ErrorRenderer.reply(ErrorCode.API_NOT_FOUND, ErrorCode.API_NOT_FOUND.message(), rid);
    }

    /** A request the HTTP decoder refused: a request line or header block too long, or a malformed request. */
    private void invalid(HttpServerRequest req) {
        String rid = newRequestId();
        Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
        Reply reply;
        if (cause instanceof TooLongHttpLineException) {
            reply = ErrorRenderer.reply(ErrorCode.URI_TOO_LARGE, ErrorCode.URI_TOO_LARGE.message(), rid);
        } else if (cause instanceof TooLongHttpHeaderException) {
            reply = ErrorRenderer.reply(ErrorCode.HEADERS_TOO_LARGE, ErrorCode.HEADERS_TOO_LARGE.message(), rid);
        } else {
            reply = ErrorRenderer.reply(ErrorCode.BAD_REQUEST, ErrorCode.BAD_REQUEST.message("malformed request"),
                    rid);
        }
        write(req, null, reply, rid, System.nanoTime(), null, true);
    }

    /** Writes a reply with its request id, logs the request and counts it ({@code route} null: none matched). */
    private void write(HttpServerRequest req, Route route, Reply reply, String rid, long started,
                       Principal principal, boolean close) {
        HttpServerResponse response = req.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        response.putHeader(X_REQUEST_ID, rid);
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.putHeader(h.getKey(), h.getValue());
        }
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        if (reply.stream() != null) {
            // A stream (server-sent events) writes and ends the response itself.
            reply.stream().open(response);
            answered(req, route, reply.status(), started, rid, principal);
            return;
        }
        Future<Void> written;
        if (reply.body() == null) {
            written = response.end();
        } else {
            if (!reply.headers().containsKey("Content-Type")) {   // the console's static files carry their own
                response.putHeader(CONTENT_TYPE, JSON);
            }
            written = response.end(reply.body());
        }
        if (close) {
            flushNow(req);
            written.onComplete(x -> linger(req));
        }
        answered(req, route, reply.status(), started, rid, principal);
    }

    /** Counts an answered request and logs it ({@code route} null: none matched). */
    private void answered(HttpServerRequest req, Route route, int status, long started, String rid,
                          Principal principal) {
        long nanos = System.nanoTime() - started;
        metrics.record(route, status, nanos);
        String path = req.path();
        accessLog.record(req.method() == null ? "-" : req.method().name(), path == null ? "-" : path,
                route == null ? RequestMetrics.UNMATCHED : route.operation(), status, nanos, rid,
                principal == null ? null : principal.userName());
    }

    /**
     * Closes the connection of a refused request without cutting off the answer: a client still sending its body
     * would lose the answer to a reset, so the rest of the body is read and dropped (never held) until it ends,
     * {@value #LINGER_BYTES} bytes have passed or {@value #LINGER_MILLIS} ms have passed, whichever comes first.
     */
    private void linger(HttpServerRequest req) {
        if (req.isEnded()) {
            req.connection().close();
            return;
        }
        long[] dropped = {0};
        long timer = vertx.setTimer(LINGER_MILLIS, t -> req.connection().close());
        req.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                vertx.cancelTimer(timer);
                req.connection().close();
            }
        });
        req.endHandler(v -> {
            vertx.cancelTimer(timer);
            req.connection().close();
        });
        req.exceptionHandler(e -> vertx.cancelTimer(timer));
        req.resume();
    }

    /**
     * Vert.x closes a connection whose body framing broke right after telling the request, before the answer
     * written meanwhile would be flushed at the end of the read: flush it now, so the client gets its 400. (Vert.x's
     * connection class is internal API; without it the connection just closes, as it would anyway.)
     */
    private static void flushNow(HttpServerRequest req) {
        if (req.connection() instanceof io.vertx.core.net.impl.VertxConnection connection) {
            connection.flush();
        }
    }

    private static boolean hasBody(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.equals("0")) || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean isSigned(HttpServerRequest req) {
        String authorization = req.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && !authorization.isEmpty();
    }

    /** 32 lower-case hex characters, like the real service's request ids. */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String a = Long.toHexString(r.nextLong());
        String b = Long.toHexString(r.nextLong());
        return "0".repeat(16 - a.length()) + a + "0".repeat(16 - b.length()) + b;
    }
}
