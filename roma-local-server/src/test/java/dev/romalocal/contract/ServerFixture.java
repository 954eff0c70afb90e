package dev.romalocal.contract;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;


/**
 * Base of the suites that run against an in-process server on each store: one server per concrete class, a fresh
 * store for it, an admin token ready.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerFixture {
    protected static final String PROJECT = Settings.DEFAULT_PROJECT_ID;

    protected RomaLocal server;
    protected Backend.Store store;
    protected Http http;
    protected String adminToken;

    protected abstract Backend backend();

    /** Lets a suite adjust the settings before the server starts. */
    protected Settings configure(Settings settings) {
        return settings;
    }

    protected RomaLocal start(Settings settings) {
        return RomaLocal.start(settings);
    }

    @BeforeAll
    void startServer() {
        store = backend().fresh();
        server = start(configure(store.settings()));
        http = new Http(server.endpoint());
        adminToken = http.adminToken();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
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
