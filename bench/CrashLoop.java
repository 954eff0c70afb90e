import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kill -9 while the lifecycle's workers commit, again and again (the scenario of CrashDuringCreateIT, with the
 * moment of the kill drawn at random): each run starts a server on a new embedded store with 4 workers, creates 40
 * instances whose steps take 100 ms, kills the process 0-600 ms later, starts it again, moves the clock 5 s on and
 * checks every instance: Running, and its history every create status exactly once, in order. A run that fails
 * keeps its data directory and the servers' output, and says where.
 * Run: java bench/CrashLoop.java roma-local-server/target/roma-local.jar 100 [seed]
 */
public class CrashLoop {
    static final String PROJECT = "0123456789abcdef0123456789abcdef";
    static final List<String> CREATE = List.of("Creating", "Initing", "Registering", "Installing", "Starting",
            "Running");
    static final Pattern ENDPOINT = Pattern.compile("^\\s+endpoint\\s+(http://\\S+)");
    static final Pattern ID = Pattern.compile("\"instance_id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern TO = Pattern.compile("\"to\"\\s*:\\s*\"([^\"]+)\"");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int runs = Integer.parseInt(args[1]);
        Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime());
        int failed = 0;
        for (int run = 1; run <= runs; run++) {
            long killAfter = random.nextInt(600);
            String problem = run(jar, killAfter);
            System.out.printf("run %d/%d (kill after %d ms): %s%n", run, runs, killAfter,
                    problem == null ? "every history whole" : "FAILED " + problem);
            failed += problem == null ? 0 : 1;
        }
        System.out.printf("runs that lost part of a transaction: %d of %d%n", failed, runs);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** One run: null when every create finished exactly once, else what went wrong (and where its files are). */
    static String run(String jar, long killAfterMillis) throws Exception {
        Path dir = Files.createTempDirectory("rl-crash-loop");
        Path log = dir.resolve("servers.log");
        Path data = dir.resolve("data");
        List<String> wrong = new ArrayList<>();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            List<String> ids = new ArrayList<>();
            String token;
            Server first = start(jar, data, out);
            try {
                String endpoint = first.endpoint();
                token = token(endpoint);
                send(endpoint, "PUT", "/_roma_local/subnets/subnet-crash", token, "{\"cidr\":\"10.9.0.0/22\"}");
                for (int i = 0; i < 40; i++) {
                    String body = "{\"name\":\"crash-run-" + i + "\",\"description\":\"\",\"product_id\":"
                            + "\"00300-30101-0--0\",\"available_zones\":[\"az1\"],\"vpc_id\":\"vpc-1\",\"subnet_id\":"
                            + "\"subnet-crash\",\"security_group_id\":\"sg-1\",\"ipv6_enable\":false,"
                            + "\"enable_all\":true,\"mqs\":{},\"cpu_architecture\":\"x86\"}";
                    ids.add(find(ID, send(endpoint, "POST", "/v1/" + PROJECT + "/instances", token, body)));
                }
                Thread.sleep(killAfterMillis);
            } finally {
                first.process().destroyForcibly();
                first.process().waitFor(30, TimeUnit.SECONDS);
                out.println("=== kill -9 ===");
            }
            Server second = start(jar, data, out);
            try {
                String endpoint = second.endpoint();
                HttpResponse<String> advance = call(endpoint, "POST", "/_roma_local/clock/advance", token,
                        "{\"seconds\":5}");
                if (advance.statusCode() != 200) {
                    wrong.add("clock advance answered " + advance.statusCode() + " " + advance.body());
                }
                for (String id : ids) {
                    HttpResponse<String> got = call(endpoint, "GET", "/v2/" + PROJECT + "/apic/instances/" + id,
                            token, null);
                    String status = got.statusCode() == 200 ? find(STATUS, got.body()) : "HTTP " + got.statusCode();
                    List<String> history = new ArrayList<>();
                    Matcher m = TO.matcher(send(endpoint, "GET", "/_roma_local/projects/" + PROJECT + "/instances/"
                            + id + "/events", token, null));
                    while (m.find()) {
                        history.add(m.group(1));
                    }
                    if (!"Running".equals(status) || !history.equals(CREATE)) {
                        wrong.add(id + " " + status + " " + history);
                    }
                }
            } finally {
                second.process().destroy();
                second.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (wrong.isEmpty()) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            return null;
        }
        return String.join("; ", wrong) + " (data and server output kept in " + dir + ")";
    }

    /** A server process and the endpoint its banner names. */
    record Server(Process process, CompletableFuture<String> banner) {
        String endpoint() throws Exception {
            return banner.get(60, TimeUnit.SECONDS);
        }
    }

    static Server start(String jar, Path data, PrintWriter out) throws IOException {
        Process p = new ProcessBuilder("java", "-Xmx256m", "-jar", jar, "serve", "--port", "0", "--data-dir",
                data.toString(), "--workers", "4").redirectErrorStream(true).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.println(line);
                    Matcher m = ENDPOINT.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
            endpoint.completeExceptionally(new IllegalStateException("the server exited before it was ready"));
        });
        pump.setDaemon(true);
        pump.start();
        return new Server(p, endpoint);
    }

    static String token(String endpoint) throws Exception {
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"domain\":"
                + "{\"name\":\"roma-local\"},\"name\":\"admin\",\"password\":\"roma-local-admin\"}}},"
                + "\"scope\":{\"project\":{\"id\":\"" + PROJECT + "\"}}}}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/v3/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        }
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    static String send(String endpoint, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = call(endpoint, method, path, token, body);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static HttpResponse<String> call(String endpoint, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .header("X-Roma-Local-Profile", "0.1")  // a create's steps take 100 ms; other calls ignore it
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + text);
        }
        return m.group(1);
    }
}
