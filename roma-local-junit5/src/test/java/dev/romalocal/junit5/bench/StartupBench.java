package dev.romalocal.junit5.bench;

import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.CheckRomaInstanceListV2Request;
import dev.romalocal.junit5.RomaLocalServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start-to-ready of the extension's server inside a warm JVM (bench/junit-startup.sh runs it): each round starts a
 * server exactly as {@code RomaLocalExtension} does (port 0, H2 in a fresh temporary directory, the built-in
 * identity applied), then makes the first request with a freshly configured official SDK client (a signed platform
 * list), then stops it and removes its store. The first {@code warmup} rounds warm the JVM and are not counted.
 *
 * <p>Arguments: {@code [rounds] [warmup]} (default 20 and 5). Set {@code roma.local.jdbc.url} to measure on
 * PostgreSQL (a fresh schema per round).
 */
public final class StartupBench {
    private StartupBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Double> ready = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        List<Double> close = new ArrayList<>();
        String store = "h2";
        for (int i = 0; i < warmup + rounds; i++) {
            long t0 = System.nanoTime();
            RomaLocalServer server = RomaLocalServer.start();
            long t1 = System.nanoTime();
            int listed = server.client(RomaClient.class)
                    .checkRomaInstanceListV2(new CheckRomaInstanceListV2Request()).getHttpStatusCode();
            long t2 = System.nanoTime();
            store = server.storeKind();
            server.close();
            long t3 = System.nanoTime();
            if (listed != 200) {
                throw new IllegalStateException("the first request answered " + listed);
            }
            if (i >= warmup) {
                ready.add(ms(t1 - t0));
                first.add(ms(t2 - t1));
                total.add(ms(t2 - t0));
                close.add(ms(t3 - t2));
            }
        }
        System.out.printf(Locale.ROOT, "ROMA Local in-process start, warm JVM (%s store): %d rounds after %d "
                + "warm-up rounds, %d cores%n", store, rounds, warmup, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-32s %10s %10s %10s%n", "phase", "median ms", "p90 ms", "max ms");
        row("start to ready", ready);
        row("first request (new SDK client)", first);
        row("start to first answer", total);
        row("stop and remove the store", close);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void row(String name, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-32s %10.1f %10.1f %10.1f%n", name, percentile(sorted, 50),
                percentile(sorted, 90), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
