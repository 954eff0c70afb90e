package dev.romalocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client commands, run as the real command line ({@code Main.commandLine().execute(...)}, in-process) against
 * a server on each store: their tables, their {@code --json} answers and their exit codes.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ClientCommandsTest extends ServerFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + " (stderr: " + err + ")", e);
            }
        }
    }

    /** {@code roma-local ARGS --endpoint <this server>}. */
    Run cli(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--endpoint");
        all.add(server.endpoint());
        return raw(all.toArray(String[]::new));
    }

    static Run raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run ok(Run r) {
        assertThat(r.code()).as("exit code; stdout %s; stderr %s", r.out(), r.err()).isZero();
        return r;
    }

    private String create(String name) {
        JsonNode created = ok(cli("instances", "create", "--name", name, "--json")).json();
        assertThat(created.get("status").asText()).isEqualTo("CREATING");
        return created.get("id").asText();
    }

    @Test
    void clockCommandsPauseShowAndAdvance() {
        JsonNode paused = ok(cli("clock", "pause", "--json")).json();
        assertThat(paused.get("paused").asBoolean()).isTrue();
        long now = ok(cli("clock", "show", "--json")).json().get("now").asLong();
        JsonNode advanced = ok(cli("clock", "advance", "90s", "--json")).json();
        assertThat(advanced.get("now").asLong()).isEqualTo(now + 90_000);
        assertThat(ok(cli("clock", "advance", "1.5", "--json")).json().get("now").asLong()).isEqualTo(now + 91_500);
        Run table = ok(cli("clock", "show"));
        assertThat(table.out()).startsWith("NOW").contains("PAUSED", "true");
        assertThat(cli("clock", "advance", "soon").code()).as("a usage error").isEqualTo(2);
        JsonNode resumed = ok(cli("clock", "resume", "--json")).json();
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat(resumed.get("offset_ms").asLong()).as("a resume keeps the offset reached").isPositive();
        JsonNode wall = ok(cli("clock", "resume", "--wall-time", "--json")).json();
        assertThat(wall.get("paused").asBoolean()).isFalse();
        assertThat(wall.get("offset_ms").asLong()).as("--wall-time drops it").isZero();
        ok(cli("clock", "pause"));
    }

    @Test
    void waitShowsEachStatusAsItIsReachedWhileTheTestDrivesTheClock() throws Exception {
        pauseClock();
        String id = create("cli-wait");
        Run shown = ok(cli("instances", "show", id, "--json"));
        assertThat(shown.json().get("status").asText()).isEqualTo("Creating");
        assertThat(ok(cli("instances", "show", id)).out()).startsWith("FIELD").contains("Creating", id);

        // While the clock is paused nothing moves: the progress line shows, then the timeout (exit 5).
        Run stuck = cli("instances", "wait", id, "--status", "running", "--timeout", "300ms", "--interval", "20ms");
        assertThat(stuck.code()).as(stuck.err()).isEqualTo(ClientCommand.TIMED_OUT);
        assertThat(stuck.err()).as("the progress line").containsPattern("waiting for running: Creating for \\d+ms "
                + "\\(timeout 300ms\\)").contains("timed out after 300ms");

        CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> cli("instances", "wait", id,
                "--status", "running", "--timeout", "2m", "--interval", "20ms"));
        for (int i = 0; i < 600 && !waiting.isDone(); i++) {
            advance(0.5);
        }
        Run r = waiting.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        List<String> history = http.history(adminToken, id);
        assertThat(history).contains("Creating", "Running");
        // Every status the instance went through is shown, in order, then the result.
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(history.size() + 1);
        for (int i = 0; i < history.size(); i++) {
            assertThat(lines.get(i)).contains("  " + history.get(i) + "  (create)");
        }
        // (No progress line is asserted here: the clock may reach Running before the first poll.)
        assertThat(lines.get(lines.size() - 1)).isEqualTo("instance " + id + " is Running");

        // JSON for scripts: what it reached, and the statuses on the way.
        JsonNode j = ok(cli("instances", "wait", id, "--status", "Running", "--json")).json();
        assertThat(j.get("reached").asBoolean()).isTrue();
        assertThat(j.get("status").asText()).isEqualTo("Running");
        assertThat(j.get("statuses").toString()).contains("\"Creating\"", "\"Running\"");
    }

    @Test
    void waitTimesOutWithAClearMessage() {
        pauseClock();
        String id = create("cli-timeout");
        Run r = cli("instances", "wait", id, "--status", "Running", "--timeout", "300ms", "--interval", "50ms");
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err()).contains("timed out after 300ms waiting for instance " + id + " to reach Running; it is "
                + "Creating");
        assertThat(r.out()).contains("Creating");
        JsonNode j = cli("instances", "wait", id, "--status", "Running", "--timeout", "100ms", "--json").json();
        assertThat(j.get("reached").asBoolean()).isFalse();
        assertThat(j.get("problem").asText()).startsWith("timed out");
    }

    @Test
    void waitStopsAtAFailureStatus() {
        pauseClock();
        String id = create("cli-fails");
        ok(cli("faults", "add", "--operation", "create", "--effect", "fail", "--instance", id));
        CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> cli("instances", "wait", id,
                "--status", "Running", "--timeout", "2m", "--interval", "20ms"));
        for (int i = 0; i < 600 && !waiting.isDone(); i++) {
            advance(0.5);
        }
        Run r = waiting.join();
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(7);
        assertThat(r.err()).contains("a failure status, not Running");
        ok(cli("faults", "clear"));
    }

    @Test
    void listShowAndDelete() throws Exception {
        pauseClock();
        String a = create("cli-list-a");
        String b = create("cli-list-b");
        JsonNode list = ok(cli("instances", "list", "--json")).json();
        List<String> ids = new ArrayList<>();
        list.get("instances").forEach(i -> ids.add(i.get("id").asText()));
        assertThat(ids).contains(a, b);
        assertThat(list.get("total").asInt()).isEqualTo(ids.size());
        Run table = ok(cli("instances", "list"));
        assertThat(table.out().lines().findFirst().orElseThrow()).matches("ID +NAME +STATUS +FLAVOR +CREATED");
        assertThat(table.out()).contains(a, "cli-list-b");

        Run missing = cli("instances", "show", "no-such-instance");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no instance no-such-instance");

        advance(3600);
        assertThat(ok(cli("instances", "delete", a)).out()).startsWith("deleting " + a);
        CompletableFuture<Run> gone = CompletableFuture.supplyAsync(() -> cli("instances", "wait", a, "--status",
                "gone", "--timeout", "2m", "--interval", "20ms"));
        for (int i = 0; i < 600 && !gone.isDone(); i++) {
            advance(0.5);
        }
        Run g = gone.get(30, TimeUnit.SECONDS);
        assertThat(g.code()).as(g.out() + g.err()).isZero();
        assertThat(g.out()).contains("Deleting", "instance " + a + " is gone");
        assertThat(ok(cli("instances", "delete", b, "--now", "--json")).json().get("removed").asBoolean()).isTrue();
        assertThat(cli("instances", "delete", b, "--now").code()).isEqualTo(3);
        assertThat(cli("instances", "delete", "no-such-instance").code()).isEqualTo(3);
    }

    @Test
    void faultsAddListClear() {
        JsonNode f = ok(cli("faults", "add", "--operation", "create", "--effect", "timeout", "--count", "3",
                "--json")).json();
        String id = f.get("id").asText();
        assertThat(f.get("remaining").asInt()).isEqualTo(3);
        JsonNode all = ok(cli("faults", "list", "--json")).json();
        assertThat(all.get("step_faults").toString()).contains(id);
        assertThat(ok(cli("faults", "list")).out()).startsWith("ID").contains(id, "timeout");
        Run bad = cli("faults", "add", "--operation", "sleep", "--effect", "fail");
        assertThat(bad.code()).as("the server refuses it").isEqualTo(1);
        assertThat(bad.err()).contains("400", "operation");
        ok(cli("faults", "clear"));
        assertThat(ok(cli("faults", "list", "--json")).json().get("step_faults").isEmpty()).isTrue();
    }

    @Test
    void snapshotExportAndImportThroughFiles() throws Exception {
        pauseClock();
        String kept = create("cli-snapshot-kept");
        Path dir = Files.createTempDirectory("roma-local-cli-snapshot");
        Path file = dir.resolve("state.json");
        JsonNode written = ok(cli("snapshot", "export", file.toString(), "--json")).json();
        assertThat(written.get("bytes").asLong()).isEqualTo(Files.size(file));
        assertThat(Files.getPosixFilePermissions(file)).as("it holds secret keys")
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(JSON.readTree(file.toFile()).get("format").asText()).isEqualTo("roma-local-snapshot");

        String later = create("cli-snapshot-later");
        Run imported = ok(cli("snapshot", "import", file.toString()));
        assertThat(imported.out()).startsWith("TABLE").contains("instances");
        String before = adminToken;
        assertThat(get("/_roma_local/clock").status()).as("a token of before the import").isEqualTo(401);
        adminToken = http.adminToken();     // the import ended every token
        assertThat(http.withToken("GET", "/_roma_local/clock", before, null).status()).isEqualTo(401);
        assertThat(cli("instances", "show", later).code()).isEqualTo(3);
        assertThat(ok(cli("instances", "show", kept, "--json")).json().get("status").asText()).isEqualTo("Creating");
        Run stdout = ok(cli("snapshot", "export"));
        assertThat(JSON.readTree(stdout.out()).get("tables").get("instances").toString()).contains(kept)
                .doesNotContain(later);
        assertThat(cli("snapshot", "import", dir.resolve("missing.json").toString()).code()).isEqualTo(2);
        Files.writeString(dir.resolve("bad.json"), "{\"format\":\"something\"}");
        Run bad = cli("snapshot", "import", dir.resolve("bad.json").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("format");
    }

    @Test
    void tokenAndCredentials() {
        String token = ok(cli("token")).out().trim();
        Http.Response r = http.withToken("GET", "/_roma_local/clock", token, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(ok(cli("token", "--json")).json().get("token").asText()).isNotBlank();

        Run refused = cli("clock", "show", "--secret-key", "wrong-secret-key-000000000000000000000000");
        assertThat(refused.code()).isEqualTo(6);
        assertThat(refused.err()).contains("401").doesNotContain("wrong-secret-key");
        assertThat(cli("token", "--password", "not-the-password").code()).isEqualTo(6);
    }

    @Test
    void anUnreachableServerIsItsOwnExitCode() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = raw("clock", "show", "--endpoint", "http://127.0.0.1:" + port);
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("cannot reach the server at http://127.0.0.1:" + port);
        assertThat(raw("instances", "wait").code()).as("a usage error").isEqualTo(2);
    }
}
