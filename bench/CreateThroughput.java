import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates N instances through POST /v1/{project_id}/instances from C client threads and measures how many per
 * second reach Running (the lifecycle's throughput with the server's profile, e.g. instant).
 * Run: java bench/CreateThroughput.java http://127.0.0.1:9090 2000 8 [prefill]
 * With prefill, the project first holds that many seeded (Running) instances, so that the creates land in a large
 * project; the seed is not timed. With -Dserver.pid=PID (and -Dclk.tck=$(getconf CLK_TCK)) it also prints that
 * process's CPU time and disk writes per create, from the first create until all are Running.
 */
public class CreateThroughput {
    static final String PROJECT = "0123456789abcdef0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        int n = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int prefill = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        String token = token(endpoint);
        send(endpoint, "POST", "/_roma_local/reset", token, null);
        send(endpoint, "PUT", "/_roma_local/clock", token, "{\"paused\":false}");
        send(endpoint, "PUT", "/_roma_local/subnets/bench-subnet", token, "{\"cidr\":\"10.128.0.0/12\"}");
        if (prefill > 0) {
            StringBuilder seed = new StringBuilder("[");
            for (int i = 0; i < prefill; i++) {
                seed.append(i == 0 ? "" : ",").append(String.format("{\"project_id\":\"%s\",\"id\":\"prefill-%06d\","
                        + "\"subnet_id\":\"prefill-%d\"}", PROJECT, i, i / 1000));
            }
            long s0 = System.nanoTime();
            HttpResponse<String> r = send(endpoint, "POST", "/_roma_local/seed", token, seed.append(']').toString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("seed: " + r.statusCode() + " " + r.body());
            }
            System.out.printf("(%d instances seeded first, in %.1f s) ", prefill, (System.nanoTime() - s0) / 1e9);
        }
        String body = "{\"name\":\"bench-%d\",\"description\":\"\",\"product_id\":\"00300-30101-0--0\","
                + "\"available_zones\":[\"az1\"],\"vpc_id\":\"vpc-1\",\"subnet_id\":\"bench-subnet\","
                + "\"security_group_id\":\"sg-1\",\"ipv6_enable\":false,\"enable_all\":true,\"mqs\":{},"
                + "\"cpu_architecture\":\"x86\"}";
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long[] before = server();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    HttpResponse<String> r = send(endpoint, "POST", "/v1/" + PROJECT + "/instances", token,
                            String.format(body, i));
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("create: " + r.statusCode() + " " + r.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        long accepted = System.nanoTime();
        Pattern total = Pattern.compile("\"total\":(\\d+)");
        int running = 0;
        while (running < n + prefill) {
            Matcher m = total.matcher(send(endpoint, "GET", "/v2/" + PROJECT + "/instances?status=RUNNING&limit=1",
                    token, null).body());
            running = m.find() ? Integer.parseInt(m.group(1)) : 0;
            if (running < n + prefill) {
                Thread.sleep(5);
            }
            if (System.nanoTime() - t0 > Duration.ofMinutes(3).toNanos()) {
                throw new IllegalStateException("only " + running + " of " + (n + prefill)
                        + " running after 3 minutes");
            }
        }
        long done = System.nanoTime();
        long[] after = server();
        System.out.printf("creates accepted: %d in %.2f s = %.0f/s; all Running after %.2f s = %.0f creates/s "
                        + "reaching Running (%d client threads)%n", n, (accepted - t0) / 1e9,
                n / ((accepted - t0) / 1e9), (done - t0) / 1e9, n / ((done - t0) / 1e9), threads);
        if (before != null && after != null && n > 0) {
            double cpuMs = (after[0] - before[0]) * 1000.0 / Long.getLong("clk.tck", 100) / n;
            System.out.printf("server CPU %.1f ms per create; server wrote %.0f KiB to disk per create%n", cpuMs,
                    (after[1] - before[1]) / 1024.0 / n);
        }
    }

    /** The server's CPU ticks (user + system) and bytes written to disk so far, or null without -Dserver.pid. */
    static long[] server() throws java.io.IOException {
        String pid = System.getProperty("server.pid");
        if (pid == null) {
            return null;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long written = 0;
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", pid, "io"))) {
                if (line.startsWith("write_bytes:")) {
                    written = Long.parseLong(line.substring(12).trim());
                }
            }
        } catch (java.io.IOException e) {
            // not readable here: writes count as 0
        }
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), written};
    }

    static String token(String endpoint) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/v3/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"auth\":{\"identity\":{\"methods\":[\"password\"],"
                        + "\"password\":{\"user\":{\"domain\":{\"name\":\"roma-local\"},\"name\":\"admin\","
                        + "\"password\":\"roma-local-admin\"}}},\"scope\":{\"project\":{\"id\":\"" + PROJECT + "\"}}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    static HttpResponse<String> send(String endpoint, String method, String path, String token, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).header("X-Auth-Token", token)
                    .timeout(Duration.ofSeconds(60));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }
}
