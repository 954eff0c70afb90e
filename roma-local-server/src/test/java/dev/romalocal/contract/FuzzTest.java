package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.BadRequests;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Generated bad requests against every route (see {@link BadRequests}), on each store. For every response: the
 * status is below 500, every status of 400 and above carries a JSON body with string {@code error_code} and
 * {@code error_msg}, and every response has {@code X-Request-Id}.
 *
 * <p>Each request comes from its own seed. A failure prints the seed and the request as a curl command; rerun cases
 * with {@code -Droma.fuzz.case=SEED[,SEED...]}, a whole run with {@code -Droma.fuzz.seed=BASE}. The number of requests
 * per store is {@code -Droma.fuzz.requests} (default 5,000: 10,000 across both stores).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class FuzzTest extends ServerFixture {
    static final int REQUESTS = Integer.getInteger("roma.fuzz.requests", 5000);
    static final int THREADS = 4;

    record Failure(String key, long seed, String detail) {
    }

    /** Time spent per route, to keep the run's length in view. */
    final Map<String, java.util.concurrent.atomic.LongAdder> millisByRoute = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void generatedBadRequestsGetCatalogueErrors() throws Exception {
        RawHttp raw = new RawHttp(server.endpoint()).timeout(5000);
        String domainToken = http.token(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER,
                Settings.DEFAULT_ADMIN_PASSWORD, "{\"domain\":{\"name\":\"" + Settings.DEFAULT_DOMAIN + "\"}}");
        BadRequests gen = new BadRequests(raw.hostHeader(), adminToken, domainToken);
        long[] seeds;
        String only = System.getProperty("roma.fuzz.case");
        if (only != null) {
            seeds = java.util.Arrays.stream(only.split(",")).mapToLong(x -> Long.parseLong(x.trim())).toArray();
        } else {
            long base = Long.getLong("roma.fuzz.seed", ThreadLocalRandom.current().nextLong());
            System.out.println("FuzzTest[" + backend + "]: base seed " + base + " (-Droma.fuzz.seed=" + base + ")");
            SplittableRandom seeder = new SplittableRandom(base);
            seeds = new long[REQUESTS];
            for (int i = 0; i < seeds.length; i++) {
                seeds[i] = seeder.nextLong();
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Failure>> results = new ArrayList<>();
        try {
            for (long seed : seeds) {
                results.add(pool.submit(() -> check(raw, gen, seed)));
            }
            Map<String, List<Failure>> byClass = new LinkedHashMap<>();
            for (Future<Failure> f : results) {
                Failure failure = f.get();
                if (failure != null) {
                    byClass.computeIfAbsent(failure.key(), k -> new ArrayList<>()).add(failure);
                }
            }
            System.out.println("FuzzTest[" + backend + "]: " + seeds.length + " requests; slowest routes (ms in total): "
                    + millisByRoute.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(),
                            a.getValue().sum())).limit(6).map(e -> e.getKey() + "=" + e.getValue().sum()).toList());
            StringBuilder report = new StringBuilder();
            byClass.forEach((key, list) -> {
                report.append("\n=== ").append(key).append(" (").append(list.size()).append(" cases)\n");
                list.stream().limit(2).forEach(f -> report.append("seed ").append(f.seed())
                        .append(" (-Droma.fuzz.case=").append(f.seed()).append(")\n").append(f.detail())
                        .append('\n'));
            });
            if (!byClass.isEmpty()) {
                fail(String.format("%d of %d generated requests broke the error contract, in %d classes:%s",
                        byClass.values().stream().mapToInt(List::size).sum(), seeds.length, byClass.size(), report));
            }
        } finally {
            pool.shutdownNow();
            admin("DELETE", "/_roma_local/faults", null);
        }
    }

    /** Sends the request of one seed; null when the answer keeps the contract. */
    private Failure check(RawHttp raw, BadRequests gen, long seed) {
        BadRequests.Generated g = gen.next(new SplittableRandom(seed));
        RawHttp.Request req = g.request();
        String repro = "route " + g.route() + " [" + g.mutations() + "]\n" + req.curl(server.endpoint());
        RawHttp.Response r;
        long started = System.nanoTime();
        try {
            r = raw.send(req);
            millisByRoute.computeIfAbsent(g.route(), k -> new java.util.concurrent.atomic.LongAdder())
                    .add((System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            return new Failure(trait(g, req) + " -> no answer (" + e.getClass().getSimpleName() + ")", seed,
                    repro + "\n  -> " + e);
        }
        String problem = problem(r, req.method().equals("HEAD"));
        if (problem == null) {
            return null;
        }
        String body = r.text();
        return new Failure(trait(g, req) + " -> " + r.status() + " " + problem, seed, repro + "\n  -> " + r.status()
                + " " + r.headers() + "\n  " + (body.length() > 600 ? body.substring(0, 600) + "..." : body));
    }

    /** What sets a request apart, to group failures by cause rather than by route. */
    static String trait(BadRequests.Generated g, RawHttp.Request req) {
        String contentType = header(req, "Content-Type");
        if (req.body().length > 0 && contentType != null
                && (contentType.startsWith("multipart/") || contentType.startsWith("application/x-www-form"))) {
            return "form or multipart Content-Type with a body (any route)";
        }
        if (header(req, "Transfer-Encoding") != null) {
            return "chunked body (any route)";
        }
        if (req.target().length() > 8192) {
            return "request target over 8 KB (any route)";
        }
        int headerBytes = req.headers().stream().mapToInt(h -> h.getKey().length() + h.getValue().length() + 4).sum();
        if (headerBytes > 32 * 1024) {
            return "header block over 32 KB (any route)";
        }
        if (header(req, "Expect") != null) {
            return "Expect: 100-continue (any route)";
        }
        return g.route() + " [" + g.mutations().replaceAll("=[^,]*", "") + "]";
    }

    private static String header(RawHttp.Request req, String name) {
        return req.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** What is wrong with an answer, or null. */
    static String problem(RawHttp.Response r, boolean head) {
        if (r.status() >= 500) {
            return "server error";
        }
        if (r.header("X-Request-Id") == null) {
            return "no X-Request-Id";
        }
        if (r.status() >= 400 && !head) {
            JsonNode json;
            try {
                json = Http.JSON.readTree(r.body());
            } catch (IOException e) {
                return "error body is not JSON";
            }
            if (json == null || !json.path("error_code").isTextual() || !json.path("error_msg").isTextual()) {
                return "error body lacks error_code/error_msg";
            }
        }
        return null;
    }

    /** A 20 KB request target: 414 with the catalogue's JSON (expected to fail until the HTTP layer answers it). */
    @Test
    void aTwentyKilobyteUriIsAJson414() throws IOException {
        RawHttp raw = new RawHttp(server.endpoint());
        RawHttp.Request req = new RawHttp.Request("GET", "/v2/" + PROJECT + "/apic/instances/" + "a".repeat(20_000),
                List.of(Map.entry("X-Auth-Token", adminToken)), null);
        RawHttp.Response r = raw.send(req);
        assertThat(r.status()).as("%s\n%s", req.curl(server.endpoint()), r.text()).isEqualTo(414);
        assertThat(problem(r, false)).as(r.text()).isNull();
        assertThat(r.header("X-Request-Id")).matches("[0-9a-f]{32}");
        assertThat(Http.JSON.readTree(r.body()).get("error_code").asText()).isEqualTo("APIGW.0201");
    }

    /** A 100 KB header block: 431 with a JSON body and a request id (expected to fail until the HTTP layer answers it). */
    @Test
    void aHundredKilobyteHeaderBlockIsAJson431() throws IOException {
        RawHttp raw = new RawHttp(server.endpoint());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("X-Auth-Token", adminToken));
        for (int i = 0; i < 25; i++) {
            headers.add(Map.entry("X-Filler-" + i, "f".repeat(4000)));
        }
        RawHttp.Request req = new RawHttp.Request("GET", "/v2/" + PROJECT + "/apic/instances/x", headers, null);
        RawHttp.Response r = raw.send(req);
        assertThat(r.status()).as("%s\n%s", req.curl(server.endpoint()), r.text()).isEqualTo(431);
        assertThat(r.header("X-Request-Id")).matches("[0-9a-f]{32}");
        JsonNode json = Http.JSON.readTree(r.body());
        assertThat(json.path("error_code").isTextual()).as(r.text()).isTrue();
        assertThat(json.path("error_msg").isTextual()).as(r.text()).isTrue();
    }
}
