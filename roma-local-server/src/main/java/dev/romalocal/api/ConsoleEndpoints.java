package dev.romalocal.api;

import dev.romalocal.console.Assets;
import dev.romalocal.console.EventHub;
import dev.romalocal.console.Tickets;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.Authenticator;
import dev.romalocal.iam.Authorizer;
import dev.romalocal.iam.Principal;
import dev.romalocal.iam.SignedRequest;
import dev.romalocal.instance.Rules;
import dev.romalocal.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The web console (docs/console.md): its static files, the tickets that open its event stream, and the stream
 * itself (server-sent events fed by the change feed). Everything else the console shows comes from the API.
 */
final class ConsoleEndpoints {
    /** What a stream's holder must be allowed to do on its project: list the instances it is told about. */
    static final String STREAM_ACTION = "roma:instances:list";
    /** A comment line keeps idle connections open; the credentials are checked again at the same pace. */
    static final long PING_MILLIS = 15_000;
    /** No inline script or style, nothing from elsewhere, no framing. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Vertx vertx;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final Assets assets;
    private final Tickets tickets;
    private final EventHub hub;

    ConsoleEndpoints(Vertx vertx, Authenticator authenticator, Authorizer authorizer, Assets assets, Tickets tickets,
                     EventHub hub) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.assets = assets;
        this.tickets = tickets;
        this.hub = hub;
    }

    /** {@code GET /_roma_local/console}: the page. */
    Reply page(Call call) {
        return serve("index.html", call);
    }

    /** {@code GET /_roma_local/console/assets/{file}}: a script or style sheet of the page. */
    Reply asset(Call call) {
        return serve(call.pathParam("file"), call);
    }

    private Reply serve(String name, Call call) {
        Assets.Asset a = assets.find(name).orElseThrow(() -> new ApiException(ErrorCode.API_NOT_FOUND));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", a.contentType());
        h.put("ETag", a.etag());
        h.put("Cache-Control", "no-cache");     // revalidate: a new jar's files are seen at once, a 304 is cheap
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Content-Security-Policy", CSP);
        h.put("X-Frame-Options", "DENY");
        if (a.etag().equals(call.header("If-None-Match"))) {
            return new Reply(304, null, Map.copyOf(h));
        }
        return new Reply(200, Buffer.buffer(a.bytes()), Map.copyOf(h));
    }

    /** {@code POST /_roma_local/console/projects/{project_id}/tickets}: a ticket that opens one event stream. */
    Reply ticket(Call call) {
        String project = Rules.projectId("project_id", call.pathParam("project_id"));
        Principal p = call.principal();
        String token = p.method() == Principal.Method.TOKEN ? call.header("X-Auth-Token") : null;
        String ticket = tickets.issue(new Tickets.Grant(p, token, project));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ticket", ticket);
        view.put("expires_in", Tickets.TTL_NANOS / 1_000_000_000L);
        view.put("events", "/_roma_local/console/events?ticket=" + ticket);
        return Reply.json(201, view).withHeader("Cache-Control", "no-store");
    }

    /** {@code GET /_roma_local/console/events?ticket=}: the project's changes as server-sent events. */
    Reply events(Call call) {
        String ticket = call.query("ticket");
        if (ticket == null || ticket.isEmpty()) {
            throw new InvalidParameterException("ticket", "is required: POST /_roma_local/console/projects/"
                    + "{project_id}/tickets with your token first (docs/console.md)");
        }
        Tickets.Grant grant = tickets.redeem(ticket);
        if (grant == null) {
            throw new ApiException(ErrorCode.TOKEN_INVALID).reason("unknown, used or expired console ticket "
                    + "(a ticket opens one stream, within " + Tickets.TTL_NANOS / 1_000_000_000L + " s of its issue, "
                    + "on the node that issued it)");
        }
        recheck(grant);
        if (hub.open() >= EventHub.MAX_STREAMS) {
            throw new ApiException(ErrorCode.THROTTLED, EventHub.MAX_STREAMS + " console event streams")
                    .reason("this node keeps " + EventHub.MAX_STREAMS + " console event streams open at most");
        }
        Map<String, String> h = Map.of("Content-Type", "text/event-stream;charset=UTF-8",
                "Cache-Control", "no-store", "X-Accel-Buffering", "no", "X-Content-Type-Options", "nosniff");
        return Reply.streamed(200, h, response -> new Live(grant, response).start());
    }

    /** The stream's credentials are still good: the token is valid and may still list the project's instances. */
    private void recheck(Tickets.Grant grant) {
        Principal p = grant.principal();
        if (grant.token() != null) {
            p = authenticator.authenticate(tokenOnly(grant.token()));
        }
        authorizer.requireProject(p, grant.projectId(), STREAM_ACTION);
    }

    private static SignedRequest tokenOnly(String token) {
        return new SignedRequest() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String rawPath() {
                return "/_roma_local/console/events";
            }

            @Override
            public String rawQuery() {
                return null;
            }

            @Override
            public String header(String name) {
                return "X-Auth-Token".equalsIgnoreCase(name) ? token : null;
            }

            @Override
            public byte[] body() {
                return new byte[0];
            }
        };
    }

    /**
     * One open stream, living on its connection's event loop. Changes heard on any thread are gathered and sent as
     * one event per turn of the loop ({@code event: change}, {@code data: {"project_id", "kinds"}}); a slow reader
     * gets them once it drains. Every {@value #PING_MILLIS} ms a comment line goes out and the credentials are
     * checked again (off the loop), and at once when the change feed says they may have changed (a token revoked,
     * its user or its account's grants changed, on any node): when they no longer hold, an {@code event: signout}
     * (status, error_code, error_msg) ends the stream.
     */
    private final class Live {
        private final Tickets.Grant grant;
        private final HttpServerResponse response;
        private final Context context;
        private final Set<String> pending = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final EventHub.Subscription subscription;
        private volatile boolean closed;
        private long timer = -1;

        Live(Tickets.Grant grant, HttpServerResponse response) {
            this.grant = grant;
            this.response = response;
            this.context = vertx.getOrCreateContext();
            String tokenHash = grant.token() == null ? null : Authenticator.tokenHash(grant.token());
            Principal p = grant.principal();
            this.subscription = new EventHub.Subscription(grant.projectId(), this::hear, (kind, key) -> switch (kind) {
                case TOKEN -> key.equals(tokenHash);
                case USER -> key.equals(p.userId());
                case IDENTITY -> key.equals(p.domainId());
                default -> false;
            });
        }

        void start() {
            response.setChunked(true);
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            if (!hub.subscribe(subscription)) {
                response.end(event("busy", Map.of("error_msg", "too many console event streams on this node")));
                return;
            }
            response.write("retry: 2000\n\n" + event("ready", Map.of("project_id", grant.projectId())));
            timer = vertx.setPeriodic(PING_MILLIS, id -> ping());
        }

        private void hear(String kind) {
            if (EventHub.CREDENTIALS.equals(kind)) {
                context.runOnContext(v -> recheckNow());
                return;
            }
            pending.add(kind);
            if (scheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> flush());
            }
        }

        private void flush() {
            scheduled.set(false);
            if (closed || pending.isEmpty()) {
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(v -> flush());
                return;
            }
            List<String> kinds = new ArrayList<>();
            for (String k : pending) {
                if (pending.remove(k)) {
                    kinds.add(k);
                }
            }
            kinds.sort(null);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("project_id", grant.projectId());
            data.put("kinds", kinds);
            response.write(event("change", data));
        }

        private void ping() {
            if (closed) {
                return;
            }
            response.write(": ping\n\n");
            recheckNow();
        }

        /** Checks the credentials again (off the loop); when they no longer hold, says why and ends the stream. */
        private void recheckNow() {
            if (closed) {
                return;
            }
            vertx.executeBlocking(() -> {
                recheck(grant);
                return null;
            }, false).onFailure(e -> {
                if (closed) {
                    return;
                }
                Map<String, Object> why = new LinkedHashMap<>();
                why.put("status", e instanceof ApiException a ? a.code().httpStatus() : 401);
                why.put("error_code", e instanceof ApiException a ? a.code().code() : ErrorCode.TOKEN_INVALID.code());
                why.put("error_msg", e instanceof ApiException a ? a.errorMessage() : "credentials no longer valid");
                response.end(event("signout", why));
                close();
            });
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            hub.unsubscribe(subscription);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        private static String event(String name, Object data) {
            return "event: " + name + "\ndata: " + new String(Json.wireBytes(data), java.nio.charset.StandardCharsets.UTF_8)
                    + "\n\n";
        }
    }
}
