package dev.romalocal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.instance.SubnetStore;
import dev.romalocal.instance.view.InstanceViews;
import dev.romalocal.json.Json;
import dev.romalocal.lifecycle.SimClock;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The GET answer's body: {@code InstanceEndpoints.apicDetail} takes the instance's prepared APIC-detail bytes from
 * {@link InstanceViews} (a warm coherent cache; the store is read once, in setup) and wraps them in
 * {@link Reply#bytes}, which copies them into a Vert.x buffer, the one the response is ended with.
 * <ul>
 *   <li>{@code lookup}: {@code InstanceViews.apicDetail} alone (cache hit, project check);</li>
 *   <li>{@code copy}: {@code Buffer.buffer(bytes)} alone, the copy of the prepared bytes;</li>
 *   <li>{@code lookupAndReply}: both, as the handler does: {@code Reply.bytes(200, views.apicDetail(p, i))}.</li>
 * </ul>
 * The instance is created through {@link InstanceService#upsert} from a short document, the rest generated as the
 * server generates it, so the prepared view has the size the server serves (printed at setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PreparedViewBench {
    static final String PROJECT = "0123456789abcdef0123456789abcdef";
    static final String INSTANCE = "4ec3a2b8-2d7e-4c51-9d5e-1f0a7b3c9e21";

    Path dir;
    Database db;
    ChangeFeed feed;
    InstanceViews views;
    String projectId = PROJECT;
    String instanceId = INSTANCE;
    byte[] prepared;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("roma-local-jmh-");
        db = Database.open(dir.resolve("data"), null, null, null, 2);
        feed = ChangeFeed.local();
        InstanceService instances = new InstanceService(new InstanceStore(db.jdbi(), feed),
                new SubnetStore(db.jdbi()), new SimClock(db.jdbi(), Clock.systemUTC(), feed), p -> "cn-north-4",
                "jmh");
        JsonNode document = Json.WIRE.readTree("""
                {"instance_name": "roma-bench000", "description": "an instance of the micro-benchmarks",
                 "spec": "ROMA_PROFESSIONAL", "maintain_begin": "22:00:00", "maintain_end": "02:00:00"}""");
        instances.upsert(PROJECT, INSTANCE, document, "d659c454dc696ed4227e71776bd054d1");
        views = new InstanceViews(instances, 64L * 1024 * 1024);
        prepared = views.apicDetail(PROJECT, INSTANCE); // prepares and caches the view
        System.out.println("prepared APIC detail: " + prepared.length + " bytes");
    }

    @TearDown
    public void tearDown() throws Exception {
        feed.close();
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void lookup(Blackhole bh) {
        bh.consume(views.apicDetail(projectId, instanceId));
    }

    @Benchmark
    public void copy(Blackhole bh) {
        bh.consume(Buffer.buffer(prepared));
    }

    @Benchmark
    public void lookupAndReply(Blackhole bh) {
        bh.consume(Reply.bytes(200, views.apicDetail(projectId, instanceId)));
    }
}
