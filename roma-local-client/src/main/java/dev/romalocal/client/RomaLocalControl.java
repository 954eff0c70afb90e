package dev.romalocal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed client of ROMA Local's control API ({@code /_roma_local/…}, docs/api.md), usable alone against any
 * running server: the lifecycle clock, step and request faults, forced statuses, actions, seeding, reset, an
 * instance's history, and upserting or removing instances.
 *
 * <pre>{@code
 * RomaLocalControl control = RomaLocalControl.connect("http://127.0.0.1:9090");   // the default admin's AK/SK
 * control.pauseClock();
 * control.upsertInstance("orders-1", Map.of("status", "Running", "spec", "ROMA_BASIC"));
 * control.addStepFault(StepFault.fail("restart").forInstance("orders-1"));
 * control.act("orders-1", InstanceAction.RESTART);
 * control.advanceClock(Duration.ofSeconds(2));                                    // now RestartFail
 * }</pre>
 *
 * <p>Requests are signed with the admin's access key (SDK-HMAC-SHA256, as the official SDK signs) or carry a
 * password token ({@link Builder#password}); the server-wide routes (clock, faults, seed, reset) need the built-in
 * admin user. Per-instance methods act on the credentials' project unless given another. Every refusal is a
 * {@link RomaLocalControlException} with the catalogue error and the server's reason. Thread-safe; one instance may
 * be shared.
 */
public final class RomaLocalControl implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String JSON_TYPE = "application/json";

    private final URI endpoint;
    private final RomaLocalCredentials credentials;
    private final boolean signed;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final Duration timeout;
    private volatile String token;

    private RomaLocalControl(Builder b) {
        String e = b.endpoint.endsWith("/") ? b.endpoint.substring(0, b.endpoint.length() - 1) : b.endpoint;
        this.endpoint = URI.create(e);
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be http(s)://host:port, got " + b.endpoint);
        }
        this.credentials = b.credentials;
        this.signed = b.signed;
        this.token = b.token;
        this.timeout = b.timeout;
        this.ownsHttp = b.http == null;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A client of the server at {@code endpoint} with the server's default credentials (the admin's AK/SK). */
    public static RomaLocalControl connect(String endpoint) {
        return builder().endpoint(endpoint).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://host:port} of the server. */
    public URI endpoint() {
        return endpoint;
    }

    public RomaLocalCredentials credentials() {
        return credentials;
    }

    // --- server ------------------------------------------------------------------------------------------------

    /** {@code GET /_roma_local/health}: {@code {"status": "UP", "store": "h2" | "postgresql"}}. */
    public JsonNode health() {
        return send("GET", "/_roma_local/health", null);
    }

    /**
     * {@code POST /_roma_local/reset}: removes every instance, operation, history entry and fault, returns the
     * lifecycle clock to wall time (running), then applies the server's seed file again.
     */
    public ResetResult reset() {
        return reset(false);
    }

    /**
     * {@link #reset()}, keeping the lifecycle clock as it is (paused, or ahead) when {@code keepClock}
     * ({@code POST /_roma_local/reset?keep_clock=true}).
     */
    public ResetResult reset(boolean keepClock) {
        return read(send("POST", "/_roma_local/reset" + (keepClock ? "?keep_clock=true" : ""), null),
                ResetResult.class);
    }

    /**
     * {@code POST /_roma_local/seed}: upserts instance documents (each with {@code project_id} and {@code id}; see
     * README "Seeding state") in one transaction, all or nothing. Returns how many were seeded.
     */
    public int seed(Collection<? extends Map<String, ?>> documents) {
        return seedJson(write(documents));
    }

    /** {@link #seed(Collection)} with the documents as a JSON list. */
    public int seedJson(String jsonList) {
        return send("POST", "/_roma_local/seed", jsonList).path("seeded_instances").asInt();
    }

    /**
     * {@code GET /_roma_local/snapshot}: the whole state (identity, instances, operations, faults, history, clock)
     * as one JSON document, read in one transaction. It carries secret access keys: keep it as you keep them.
     */
    public byte[] exportSnapshot() {
        HttpResponse<byte[]> r = exchange("GET", "/_roma_local/snapshot", new byte[0], false);
        answer("GET /_roma_local/snapshot", r);
        return r.body();
    }

    /**
     * {@code PUT /_roma_local/snapshot}: replaces the whole state with a snapshot document, in one transaction.
     * Tokens end (AK/SK signing goes on working). Returns what was imported ({@code instances}, {@code events},
     * {@code rows} per table, ...).
     */
    public JsonNode importSnapshot(byte[] document) {
        HttpResponse<byte[]> r = exchange("PUT", "/_roma_local/snapshot", document, false);
        if (!signed) {
            token = null;
        }
        return answer("PUT /_roma_local/snapshot", r);
    }

    // --- the clock ---------------------------------------------------------------------------------------------

    /** {@code GET /_roma_local/clock}. */
    public ClockState clock() {
        return read(send("GET", "/_roma_local/clock", null), ClockState.class);
    }

    /** Stops the lifecycle clock: no step becomes due until it is advanced or resumed. */
    public ClockState pauseClock() {
        return setPaused(true);
    }

    /** Lets the lifecycle clock run again (from where it stands: an advance is kept). */
    public ClockState resumeClock() {
        return setPaused(false);
    }

    /**
     * Lets the lifecycle clock run at wall time again, dropping any offset that advances (or a pause) left
     * ({@code PUT /_roma_local/clock {"paused":false,"offset_ms":0}}).
     */
    public ClockState resumeClockAtWallTime() {
        return read(send("PUT", "/_roma_local/clock", "{\"paused\":false,\"offset_ms\":0}"), ClockState.class);
    }

    /**
     * Sets the lifecycle clock to wall time plus {@code offset} (negative: behind), paused or running as it is
     * ({@code PUT /_roma_local/clock {"offset_ms":n}}). A paused clock then stands at wall time plus the offset.
     */
    public ClockState setClockOffset(Duration offset) {
        return read(send("PUT", "/_roma_local/clock", "{\"offset_ms\":" + offset.toMillis() + "}"),
                ClockState.class);
    }

    private ClockState setPaused(boolean paused) {
        return read(send("PUT", "/_roma_local/clock", "{\"paused\":" + paused + "}"), ClockState.class);
    }

    /**
     * Moves the lifecycle clock forward; answers once every step due at the new time has run, so what a test reads
     * next already reflects it.
     */
    public ClockState advanceClock(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + by);
        }
        String seconds = java.math.BigDecimal.valueOf(by.toMillis()).movePointLeft(3).toPlainString();
        return read(send("POST", "/_roma_local/clock/advance", "{\"seconds\":" + seconds + "}"), ClockState.class);
    }

    /**
     * Advances the clock one {@code step} at a time until the instance (in the credentials' project) shows
     * {@code status}, at most {@code max} in all; returns the instance then. Fails with the instance's history when
     * it does not get there. Waiting without sleeping: pause the clock first so nothing moves on its own.
     */
    public InstanceDetail advanceUntilStatus(String instanceId, String status, Duration step, Duration max) {
        Objects.requireNonNull(status, "status");
        Duration advanced = Duration.ZERO;
        while (true) {
            Optional<InstanceDetail> now = instance(instanceId);
            if (now.isPresent() && status.equals(now.get().status())) {
                return now.get();
            }
            if (advanced.compareTo(max) >= 0) {
                throw new IllegalStateException("instance " + instanceId + " is " + now.map(InstanceDetail::status)
                        .orElse("gone") + ", not " + status + ", after advancing the clock " + advanced
                        + "; history: " + history(instanceId));
            }
            advanceClock(step);
            advanced = advanced.plus(step);
        }
    }

    /** {@link #advanceUntilStatus(String, String, Duration, Duration)} one second at a time. */
    public InstanceDetail advanceUntilStatus(String instanceId, String status, Duration max) {
        return advanceUntilStatus(instanceId, status, Duration.ofSeconds(1), max);
    }

    /** Advances the clock one second at a time until the instance is gone (deleted), at most {@code max}. */
    public void advanceUntilGone(String instanceId, Duration max) {
        Duration advanced = Duration.ZERO;
        while (instance(instanceId).isPresent()) {
            if (advanced.compareTo(max) >= 0) {
                throw new IllegalStateException("instance " + instanceId + " is still there after advancing the "
                        + "clock " + advanced + "; history: " + history(instanceId));
            }
            advanceClock(Duration.ofSeconds(1));
            advanced = advanced.plusSeconds(1);
        }
    }

    private String history(String instanceId) {
        try {
            return events(instanceId).stream().map(e -> e.from() + "->" + e.to()).toList().toString();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    // --- faults ------------------------------------------------------------------------------------------------

    /** Arms a step fault ({@code POST /_roma_local/faults}); returns it with its id. */
    public Faults.StepFaultView addStepFault(StepFault fault) {
        return read(send("POST", "/_roma_local/faults", write(fault)), Faults.StepFaultView.class);
    }

    /** Arms a request fault ({@code POST /_roma_local/faults/requests}); returns it with its id. */
    public Faults.RequestFaultView addRequestFault(RequestFault fault) {
        return read(send("POST", "/_roma_local/faults/requests", write(fault)), Faults.RequestFaultView.class);
    }

    /** Every armed step fault, and the request faults of this node. */
    public Faults faults() {
        return read(send("GET", "/_roma_local/faults", null), Faults.class);
    }

    /** Disarms every fault of both kinds. */
    public void clearFaults() {
        send("DELETE", "/_roma_local/faults", null);
    }

    /** Disarms one step fault. */
    public void removeStepFault(String faultId) {
        send("DELETE", "/_roma_local/faults/" + Signer.encode(faultId), null);
    }

    // --- instances ---------------------------------------------------------------------------------------------

    /**
     * Creates or replaces an instance from an APIC-detail document (any subset of its fields; the rest are
     * generated) in the credentials' project: {@code upsertInstance("orders-1", Map.of("status", "Running"))}.
     */
    public InstanceDetail upsertInstance(String instanceId, Map<String, ?> document) {
        return upsertInstance(credentials.projectId(), instanceId, document);
    }

    public InstanceDetail upsertInstance(String projectId, String instanceId, Map<String, ?> document) {
        return upsertInstanceJson(projectId, instanceId, write(document == null ? Map.of() : document));
    }

    /** The same with the document as JSON text. */
    public InstanceDetail upsertInstanceJson(String projectId, String instanceId, String documentJson) {
        return InstanceDetail.of(send("PUT", instancePath(projectId, instanceId), documentJson));
    }

    /** Removes an instance at once (no lifecycle); false when there was none. */
    public boolean removeInstance(String instanceId) {
        return removeInstance(credentials.projectId(), instanceId);
    }

    public boolean removeInstance(String projectId, String instanceId) {
        try {
            send("DELETE", instancePath(projectId, instanceId), null);
            return true;
        } catch (RomaLocalControlException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The instance as {@code GET /v2/{project_id}/apic/instances/{id}} shows it; empty when there is none. */
    public Optional<InstanceDetail> instance(String instanceId) {
        return instance(credentials.projectId(), instanceId);
    }

    public Optional<InstanceDetail> instance(String projectId, String instanceId) {
        try {
            return Optional.of(InstanceDetail.of(send("GET", "/v2/" + Signer.encode(projectId) + "/apic/instances/"
                    + Signer.encode(instanceId), null)));
        } catch (RomaLocalControlException e) {
            if (e.status() == 404 && "APIC.7302".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Puts the instance in any of the 34 statuses at once (an operation in progress ends, marked failed). */
    public InstanceDetail forceStatus(String instanceId, String status) {
        return forceStatus(credentials.projectId(), instanceId, status);
    }

    public InstanceDetail forceStatus(String projectId, String instanceId, String status) {
        return InstanceDetail.of(send("PUT", instancePath(projectId, instanceId) + "/status",
                write(Map.of("status", status))));
    }

    /** Starts an action (restart, freeze, ...); answers with the instance in the action's first status. */
    public InstanceDetail act(String instanceId, InstanceAction action) {
        if (action == InstanceAction.UPGRADE) {
            throw new IllegalArgumentException("an upgrade needs a version: use upgrade(instanceId, version)");
        }
        return act(credentials.projectId(), instanceId, action, null);
    }

    /** Starts an upgrade to {@code version} (Updating, then Running with the new {@code instance_version}). */
    public InstanceDetail upgrade(String instanceId, String version) {
        return act(credentials.projectId(), instanceId, InstanceAction.UPGRADE, Objects.requireNonNull(version));
    }

    public InstanceDetail act(String projectId, String instanceId, InstanceAction action, String version) {
        ObjectNode body = JSON.createObjectNode().put("action", action.wire());
        if (version != null) {
            body.put("version", version);
        }
        return InstanceDetail.of(send("POST", instancePath(projectId, instanceId) + "/actions", body.toString()));
    }

    /** The instance's status history, oldest first; kept after it was deleted, until a reset. */
    public List<InstanceEvent> events(String instanceId) {
        return events(credentials.projectId(), instanceId);
    }

    public List<InstanceEvent> events(String projectId, String instanceId) {
        JsonNode events = send("GET", instancePath(projectId, instanceId) + "/events", null).path("events");
        List<InstanceEvent> out = new ArrayList<>(events.size());
        for (JsonNode e : events) {
            out.add(read(e, InstanceEvent.class));
        }
        return out;
    }

    /** Makes a subnet's CIDR known ({@code PUT /_roma_local/subnets/{id}}). */
    public void putSubnet(String subnetId, String cidr) {
        send("PUT", "/_roma_local/subnets/" + Signer.encode(subnetId), write(Map.of("cidr", cidr)));
    }

    /**
     * Any route of the server with these credentials: {@code path} with its query, {@code body} JSON or null.
     * Returns the answer's JSON (an empty object for an empty answer); refusals throw.
     */
    public JsonNode call(String method, String path, String body) {
        return send(method, path, body);
    }

    // --- transport ---------------------------------------------------------------------------------------------

    private static String instancePath(String projectId, String instanceId) {
        return "/_roma_local/projects/" + Signer.encode(projectId) + "/instances/" + Signer.encode(instanceId);
    }

    private JsonNode send(String method, String pathAndQuery, String body) {
        HttpResponse<byte[]> r = exchange(method, pathAndQuery, body, false);
        if (r.statusCode() == 401 && !signed) {
            token = null;
            r = exchange(method, pathAndQuery, body, false);
        }
        return answer(method + " " + pathAndQuery, r);
    }

    private HttpResponse<byte[]> exchange(String method, String pathAndQuery, String body, boolean open) {
        return exchange(method, pathAndQuery, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                open);
    }

    private HttpResponse<byte[]> exchange(String method, String pathAndQuery, byte[] bytes, boolean open) {
        URI uri = URI.create(endpoint + pathAndQuery);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bytes.length > 0) {
            rb.header("Content-Type", JSON_TYPE);
        }
        if (!open) {
            if (signed) {
                Signer.sign(rb, method, uri, bytes, credentials.accessKey(), credentials.secretKey());
            } else {
                rb.header("X-Auth-Token", token());
            }
        }
        try {
            return http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RomaLocalControlException(method + " " + uri + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RomaLocalControlException(method + " " + uri + ": interrupted", e);
        }
    }

    /**
     * A project-scoped token for the credentials' user and password ({@code POST /v3/auth/tokens}), obtained once
     * and again when the server refuses it.
     */
    public String token() {
        String t = token;
        if (t != null) {
            return t;
        }
        synchronized (this) {
            if (token == null) {
                ObjectNode body = JSON.createObjectNode();
                ObjectNode auth = body.putObject("auth");
                ObjectNode identity = auth.putObject("identity");
                identity.putArray("methods").add("password");
                ObjectNode user = identity.putObject("password").putObject("user");
                user.putObject("domain").put("name", credentials.domainName());
                user.put("name", credentials.userName()).put("password", credentials.password());
                auth.putObject("scope").putObject("project").put("id", credentials.projectId());
                HttpResponse<byte[]> r = exchange("POST", "/v3/auth/tokens?nocatalog=true", body.toString(), true);
                answer("POST /v3/auth/tokens (user " + credentials.userName() + ")", r);
                token = r.headers().firstValue("X-Subject-Token").orElseThrow(() ->
                        new RomaLocalControlException("POST /v3/auth/tokens: no X-Subject-Token in the answer", null));
            }
            return token;
        }
    }

    private static JsonNode answer(String request, HttpResponse<byte[]> r) {
        byte[] body = r.body();
        JsonNode json = null;
        if (body != null && body.length > 0) {
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        if (r.statusCode() / 100 == 2) {
            return json == null ? JSON.createObjectNode() : json;
        }
        String reason = r.headers().firstValue("X-Roma-Local-Reason").orElse(null);
        String requestId = r.headers().firstValue("X-Request-Id").orElse(null);
        if (json != null && json.has("error_code")) {
            throw new RomaLocalControlException(request, r.statusCode(), json.path("error_code").asText(),
                    json.path("error_msg").asText(), json.path("request_id").asText(requestId), reason);
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        throw new RomaLocalControlException(request, r.statusCode(), null,
                text.length() > 300 ? text.substring(0, 300) + "..." : text, requestId, reason);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected answer for " + type.getSimpleName() + ": " + node, e);
        }
    }

    /** Closes the HTTP client this client created (JDK 21+; on 17 its threads end when it is unreachable). */
    @Override
    public void close() {
        if (ownsHttp && http instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    /** How to reach the server and whose credentials to use; every value has the server's default. */
    public static final class Builder {
        private String endpoint = "http://127.0.0.1:9090";
        private RomaLocalCredentials credentials = RomaLocalCredentials.defaults();
        private boolean signed = true;
        private String token;
        private HttpClient http;
        private Duration timeout = Duration.ofMinutes(2);

        private Builder() {
        }

        /** {@code http://host:port} (default {@code http://127.0.0.1:9090}). */
        public Builder endpoint(String v) {
            endpoint = Objects.requireNonNull(v, "endpoint");
            return this;
        }

        public Builder endpoint(URI v) {
            return endpoint(v.toString());
        }

        /** The server's identity; requests are signed with its AK/SK (use {@link #password} for a token instead). */
        public Builder credentials(RomaLocalCredentials v) {
            credentials = Objects.requireNonNull(v, "credentials");
            return this;
        }

        /** Sign every request with this AK/SK (SDK-HMAC-SHA256), the default with the default admin's key. */
        public Builder accessKey(String accessKey, String secretKey) {
            credentials = new RomaLocalCredentials(credentials.domainName(), credentials.projectId(),
                    credentials.projectName(), credentials.userName(), credentials.password(),
                    Objects.requireNonNull(accessKey, "accessKey"), Objects.requireNonNull(secretKey, "secretKey"));
            signed = true;
            return this;
        }

        /** Use a password token of this user (of account {@code domainName}) instead of signing. */
        public Builder password(String domainName, String userName, String password) {
            credentials = new RomaLocalCredentials(domainName, credentials.projectId(), credentials.projectName(),
                    Objects.requireNonNull(userName, "userName"), Objects.requireNonNull(password, "password"),
                    credentials.accessKey(), credentials.secretKey());
            signed = false;
            return this;
        }

        /** Use this token ({@code X-Auth-Token}) instead of signing; when it is refused, one is asked for again. */
        public Builder token(String v) {
            token = Objects.requireNonNull(v, "token");
            signed = false;
            return this;
        }

        /** The project per-instance methods act on (default: the credentials'). */
        public Builder projectId(String v) {
            credentials = new RomaLocalCredentials(credentials.domainName(), Objects.requireNonNull(v, "projectId"),
                    credentials.projectName(), credentials.userName(), credentials.password(),
                    credentials.accessKey(), credentials.secretKey());
            return this;
        }

        /** How long one request may take (default 2 minutes: advancing the clock waits for the steps it runs). */
        public Builder timeout(Duration v) {
            timeout = Objects.requireNonNull(v, "timeout");
            return this;
        }

        /** An HTTP client to use (default: one of its own). */
        public Builder httpClient(HttpClient v) {
            http = Objects.requireNonNull(v, "httpClient");
            return this;
        }

        public RomaLocalControl build() {
            if (signed && (credentials.accessKey() == null || credentials.secretKey() == null)) {
                throw new IllegalStateException("no access key to sign with: give accessKey(...) or password(...)");
            }
            return new RomaLocalControl(this);
        }
    }
}
