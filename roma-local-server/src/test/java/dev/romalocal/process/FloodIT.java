package dev.romalocal.process;

import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods the packaged server, started with the launcher's heap cap, with large bodies: per target (bulk seed, APIC
 * update, HCS create) and per caller (no credentials, an admin token), 100 concurrent 1 MiB bodies and 5 concurrent
 * 100 MB chunked uploads, generated on the fly. The process must survive, and {@code GET /_roma_local/health} and a
 * real instance GET must keep answering within a bounded time, during the flood and after it.
 */
class FloodIT {
    static final String P = Settings.DEFAULT_PROJECT_ID;
    /** The launcher's default JVM options. */
    static final List<String> LAUNCHER_JVM = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx128m",
            "-XX:+ExitOnOutOfMemoryError");
    static final int SMALL = 1024 * 1024;
    static final long LARGE = 100L * 1000 * 1000;
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void largeBodiesNeitherKillTheServerNorStallIt() throws Exception {
        try (Backend.Store store = Backend.H2.fresh();
             ServerProcess proc = ServerProcess.start(LAUNCHER_JVM, store.dataDir(), ProcessFlags.forStore(store),
                     List.of())) {
            String endpoint = proc.awaitEndpoint(Duration.ofSeconds(60));
            Http http = new Http(endpoint);
            String token = http.adminToken();
            assertThat(http.withToken("PUT", "/_roma_local/projects/" + P + "/instances/flood-1", token,
                    "{\"instance_name\":\"flood-one\"}").status()).isEqualTo(201);

            HttpClient probeClient = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
            List<String> probeFailures = new CopyOnWriteArrayList<>();
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread prober = new Thread(() -> {
                while (flooding.get() && proc.isAlive()) {
                    probe(probeClient, endpoint, token, probeFailures);
                    try {
                        Thread.sleep(250); // pacing of the prober, not a wait for a state
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "flood-prober");
            prober.start();

            HttpClient floodClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String[][] targets = {
                    {"POST", "/_roma_local/seed"},
                    {"PUT", "/v2/" + P + "/apic/instances/flood-1"},
                    {"POST", "/v1/" + P + "/instances"}};
            List<String> seen = new ArrayList<>();
            try {
                for (String[] target : targets) {
                    for (String credential : new String[]{null, token}) {
                        seen.add(flood(floodClient, endpoint, target[0], target[1], credential));
                        assertThat(proc.isAlive()).as("the server died flooding %s %s (%s); flood answers: %s\n"
                                        + "last output:\n%s", target[0], target[1],
                                credential == null ? "no credentials" : "admin token", seen, tail(proc))
                                .isTrue();
                        assertThat(probeFailures).as("probes during the flood of %s %s", target[0], target[1])
                                .isEmpty();
                    }
                }
            } finally {
                // Not interrupted: an interrupt landing inside a probe's send would be recorded as a failed probe.
                // The prober sees the flag within one pacing pause or one probe timeout.
                flooding.set(false);
                prober.join(60_000);
            }
            // And after it: still alive and answering.
            for (int i = 0; i < 5; i++) {
                probe(probeClient, endpoint, token, probeFailures);
            }
            assertThat(proc.isAlive()).as("process after the flood; output:\n%s", tail(proc)).isTrue();
            assertThat(probeFailures).as("probes after the flood").isEmpty();
        }
    }

    /** 100 concurrent 1 MiB bodies and 5 concurrent 100 MB chunked uploads; returns what came back, as counts. */
    private static String flood(HttpClient client, String endpoint, String method, String path, String token) {
        List<CompletableFuture<String>> all = new ArrayList<>();
        byte[] small = body(SMALL);
        for (int i = 0; i < 100; i++) {
            all.add(send(client, endpoint, method, path, token, HttpRequest.BodyPublishers.ofByteArray(small)));
        }
        for (int i = 0; i < 5; i++) {
            // Unknown length: the client sends it chunked, generated as it goes.
            all.add(send(client, endpoint, method, path, token,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(LARGE))));
        }
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (CompletableFuture<String> f : all) {
            String outcome;
            try {
                outcome = f.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                outcome = "no answer: " + e.getClass().getSimpleName();
            }
            counts.merge(outcome, 1, Integer::sum);
        }
        return method + " " + path + (token == null ? " (anonymous)" : " (admin)") + " -> " + counts;
    }

    private static CompletableFuture<String> send(HttpClient client, String endpoint, String method, String path,
                                                  String token, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json").method(method, body);
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> r != null ? String.valueOf(r.statusCode())
                        : "closed: " + rootCause(e).getClass().getSimpleName());
    }

    private static void probe(HttpClient client, String endpoint, String token, List<String> failures) {
        for (String path : new String[]{"/_roma_local/health", "/v2/" + P + "/apic/instances/flood-1"}) {
            long started = System.nanoTime();
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(PROBE_TIMEOUT);
                if (!path.contains("health")) {
                    b.header("X-Auth-Token", token);
                }
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    failures.add(path + " -> " + r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                failures.add(path + " -> " + e + " after " + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        }
    }

    /** A JSON-looking body of n bytes: an opening, then filler in a string that never closes. */
    private static byte[] body(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'a');
        byte[] head = ("[{\"project_id\":\"" + P + "\",\"id\":\"flood\",\"description\":\"")
                .getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    /** n bytes made as they are read; never held whole. */
    static final class Generated extends InputStream {
        private static final byte[] HEAD = ("[{\"project_id\":\"" + P + "\",\"id\":\"flood\",\"description\":\"")
                .getBytes(StandardCharsets.UTF_8);
        private final long size;
        private long pos;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (pos >= size) {
                return -1;
            }
            int c = pos < HEAD.length ? HEAD[(int) pos] : 'a';
            pos++;
            return c;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                buf[off + i] = (byte) (pos + i < HEAD.length ? HEAD[(int) (pos + i)] : 'a');
            }
            pos += n;
            return n;
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String tail(ServerProcess proc) {
        List<String> out = proc.output();
        return String.join("\n", out.subList(Math.max(0, out.size() - 15), out.size()))
                + (proc.isAlive() ? "" : "\n(exit code " + proc.exitCode() + ")");
    }
}
