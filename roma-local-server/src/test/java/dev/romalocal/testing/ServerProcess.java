package dev.romalocal.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ROMA Local as a separate process started from the packaged jar (the way users run it), for crash tests. */
public final class ServerProcess implements AutoCloseable {
    /** The banner's endpoint line, or (with {@code --log-format json}) the banner event's endpoint field. */
    private static final Pattern ENDPOINT = Pattern.compile(
            "^\\s+endpoint\\s+(http://\\S+)|\"endpoint\":\"(http://[^\"]+)\"");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> endpoint = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    Matcher m = ENDPOINT.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1) != null ? m.group(1) : m.group(2));
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
            endpoint.completeExceptionally(new IllegalStateException("server exited before it was ready:\n"
                    + String.join("\n", output)));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The packaged jar (set by failsafe), started with {@code serve --port 0} and the given flags. */
    public static ServerProcess start(Path dataDir, List<String> flags, List<String> env) {
        return start(List.of("-Xmx256m"), dataDir, flags, env);
    }

    /** The same with the given JVM options (heap cap, collector) instead of the default {@code -Xmx256m}. */
    public static ServerProcess start(List<String> jvmOptions, Path dataDir, List<String> flags, List<String> env) {
        String jar = System.getProperty("roma.local.jar");
        if (jar == null) {
            throw new IllegalStateException("roma.local.jar is not set: run process tests with 'mvn verify'");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar, "serve", "--port", "0", "--data-dir", dataDir.toString()));
        cmd.addAll(flags);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        try {
            return new ServerProcess(pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
    }

    public String awaitEndpoint(Duration timeout) {
        try {
            return endpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("server not ready in " + timeout + ":\n" + String.join("\n", output), e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<String> output() {
        return output;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or null while the process runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
