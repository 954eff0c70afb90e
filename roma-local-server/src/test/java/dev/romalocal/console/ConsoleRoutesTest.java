package dev.romalocal.console;

import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's routes over HTTP: its files (content types, CSP, ETag revalidation, nothing else served), its
 * weight, and its event stream (tickets: required, single-use; the stream tells the ticket's project's changes).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ConsoleRoutesTest extends ServerFixture {
    static final String[] FILES = {"app.js", "api.js", "views.js", "style.css"};

    @Test
    void thePageAndItsFilesCarryTheirTypesAndAPolicyThatForbidsInlineScript() {
        Http.Response page = get("/_roma_local/console");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.text()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain(" style=")
                .doesNotContain(" onclick=");
        assertThat(get("/_roma_local/console/").status()).isEqualTo(200);
        long bytes = page.raw().body().length;
        for (String f : FILES) {
            Http.Response r = get("/_roma_local/console/assets/" + f);
            assertThat(r.status()).as(f).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo(f.endsWith(".js") ? "text/javascript;charset=UTF-8"
                    : "text/css;charset=UTF-8");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
            Http.Response again = http.send("GET", "/_roma_local/console/assets/" + f,
                    Map.of("If-None-Match", r.header("ETag")), null);
            assertThat(again.status()).as("revalidated").isEqualTo(304);
            assertThat(again.text()).isEmpty();
            bytes += r.raw().body().length;
        }
        assertThat(bytes).as("the first page's weight").isLessThan(300 * 1024);
        for (String other : new String[]{"secret.txt", "..%2Fapp.js", "%2e%2e", "App.js", "index.htm"}) {
            Http.Response r = get("/_roma_local/console/assets/" + other);
            assertThat(r.status()).as(other).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("APIGW.0101");
        }
        assertThat(get("/_roma_local/console/assets/sub/app.js").status()).isEqualTo(404);
    }

    @Test
    void theEventStreamOpensWithATicketOnceAndTellsTheProjectsChanges() throws Exception {
        Http.Response missing = get("/_roma_local/console/events");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text()).contains("ticket");
        Http.Response unknown = get("/_roma_local/console/events?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errorCode()).isEqualTo("APIC.7102");
        assertThat(http.send("POST", "/_roma_local/console/projects/" + PROJECT + "/tickets", Map.of(), null)
                .status()).as("no token, no ticket").isEqualTo(401);

        Http.Response issued = expect(admin("POST", "/_roma_local/console/projects/" + PROJECT + "/tickets", null),
                201);
        assertThat(issued.json().get("expires_in").asInt()).isEqualTo(30);
        String events = issued.json().get("events").asText();
        assertThat(events).isEqualTo("/_roma_local/console/events?ticket=" + issued.json().get("ticket").asText());

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(URI.create(http.endpoint() + events))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=UTF-8");
            assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-store");
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.put(line);
                    }
                } catch (Exception e) {
                    // the stream was closed
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertThat(next(lines, "event:")).isEqualTo("event: ready");
            assertThat(next(lines, "data:")).isEqualTo("data: {\"project_id\":\"" + PROJECT + "\"}");

            // The ticket is spent: a second stream is refused.
            Http.Response reused = http.send("GET", events, Map.of(), null);
            assertThat(reused.status()).isEqualTo(401);

            upsertOk("console-sse-1", "{}");
            assertThat(next(lines, "event:")).isEqualTo("event: change");
            assertThat(next(lines, "data:")).contains("\"project_id\":\"" + PROJECT + "\"").contains("instances");
            pauseClock();
            String clock;
            do {
                assertThat(next(lines, "event:")).isEqualTo("event: change");
                clock = next(lines, "data:");
            } while (!clock.contains("clock"));
        } finally {
            stream.body().close();
        }
    }

    @Test
    void theStreamEndsAtOnceWhenItsTokenIsRevoked() throws Exception {
        String token = http.adminToken();
        Http.Response issued = http.withToken("POST", "/_roma_local/console/projects/" + PROJECT + "/tickets", token,
                null);
        assertThat(issued.status()).isEqualTo(201);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(URI.create(http.endpoint()
                + issued.json().get("events").asText())).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("retry: 2000");
            assertThat(r.readLine()).isEmpty();
            assertThat(r.readLine()).isEqualTo("event: ready");
            assertThat(r.readLine()).startsWith("data: ");
            assertThat(r.readLine()).isEmpty();
            assertThat(http.send("DELETE", "/v3/auth/tokens", Map.of("X-Auth-Token", token, "X-Subject-Token",
                    token), null).status()).isEqualTo(204);
            // No need to wait for the periodic check: the revocation itself makes the stream check again.
            String line;
            do {
                line = r.readLine();
            } while (line != null && !line.startsWith("event:"));
            assertThat(line).isEqualTo("event: signout");
            assertThat(r.readLine()).startsWith("data: {\"status\":401,\"error_code\":\"APIC.7102\"");
            assertThat(r.readLine()).isEmpty();
            assertThat(r.readLine()).as("the stream ended").isNull();
        }
    }

    private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line starting with %s", prefix).isNotNull();
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }
}
