package dev.romalocal.contract;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;


/**
 * Base of the suites that run against an in-process server on each store: a suite is one
 * {@code @ParameterizedClass} with {@code @EnumSource(Backend.class)}, the store injected into {@link #backend};
 * each run of the class (one per store) gets one server, a fresh store for it, an admin token ready.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerFixture {
    protected static final String PROJECT = Settings.DEFAULT_PROJECT_ID;

    protected RomaLocal server;
    protected Backend.Store store;
    protected Http http;
    protected String adminToken;
    /** The store the running server was started on. */
    private Backend startedOn;

    /** The store this run of the class uses: the class parameter of a {@code @ParameterizedClass} suite. */
    @Parameter
    protected Backend backend;

    /** The store of this run (a subclass may override it instead of being parameterized). */
    protected Backend backend() {
        return backend;
    }

    /** Lets a suite adjust the settings before the server starts. */
    protected Settings configure(Settings settings) {
        return settings;
    }

    protected RomaLocal start(Settings settings) {
        return RomaLocal.start(settings);
    }

    /**
     * Closes this run's server and store when JUnit is done with the test instance: with {@code PER_CLASS}, after
     * the last test of one run of the class (one per store for a parameterized class).
     */
    @AutoClose
    final AutoCloseable stopper = this::stopServer;

    /**
     * Starts the server before the first test of a run, and again on the next store. (Not {@code @BeforeAll}: in a
     * {@code @ParameterizedClass} that runs before the store parameter is injected, and with {@code PER_CLASS} one
     * instance serves every run; the class-invocation callbacks would forbid a subclass that overrides
     * {@link #backend()} instead.)
     */
    @BeforeEach
    void startServerOnce() {
        if (server != null && startedOn != backend()) {
            stopServer();
        }
        if (server == null) {
            startServer();
        }
    }

    void startServer() {
        startedOn = backend();
        store = startedOn.fresh();
        server = start(configure(store.settings()));
        http = new Http(server.endpoint());
        adminToken = http.adminToken();
    }

    void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    protected Http.Response upsert(String id, String documentJson) {
        return http.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/" + id, adminToken,
                documentJson);
    }

    protected Http.Response upsertOk(String id, String documentJson) {
        Http.Response r = upsert(id, documentJson);
        if (r.status() != 200 && r.status() != 201) {
            throw new AssertionError("upsert " + id + ": " + r.status() + " " + r.text());
        }
        return r;
    }

    protected Http.Response get(String path) {
        return http.withToken("GET", path, adminToken, null);
    }

    /** A call with the admin token (control API, or any API). */
    protected Http.Response admin(String method, String path, String body) {
        return http.withToken(method, path, adminToken, body);
    }

    protected void pauseClock() {
        expect(admin("PUT", "/_roma_local/clock", "{\"paused\":true}"), 200);
    }

    /** Moves the lifecycle clock and returns once every step that became due has run. */
    protected void advance(double seconds) {
        expect(admin("POST", "/_roma_local/clock/advance", "{\"seconds\":" + seconds + "}"), 200);
    }

    /** The APIC detail's status, or null when the instance is gone. */
    protected String status(String id) {
        Http.Response r = get("/v2/" + PROJECT + "/apic/instances/" + id);
        if (r.status() == 404) {
            return null;
        }
        expect(r, 200);
        return r.json().get("status").asText();
    }

    protected static Http.Response expect(Http.Response r, int status) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + " but got " + r.status() + ": " + r.text());
        }
        return r;
    }
}
