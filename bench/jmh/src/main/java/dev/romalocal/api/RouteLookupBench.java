package dev.romalocal.api;

import io.vertx.core.http.HttpMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Request recognition: {@link RouteTable#match} over the server's whole operation table ({@link Routes#all}), as
 * {@code HttpApi.handle} calls it for every request. The handlers are never called, so the endpoint classes are
 * built empty, as the server's own OperationTableTest builds them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteLookupBench {
    /** The founding GET: ShowDetailsOfInstanceV2, the first route of the table. */
    String detailPath = "/v2/0123456789abcdef0123456789abcdef/apic/instances/4ec3a2b8-2d7e-4c51-9d5e-1f0a7b3c9e21";
    /** No route has this path: every template is compared before the 404. */
    String missPath = "/v2/0123456789abcdef0123456789abcdef/apic/instancez/4ec3a2b8-2d7e-4c51-9d5e-1f0a7b3c9e21";
    HttpMethod get = HttpMethod.GET;
    RouteTable table;

    @Setup
    public void setUp() {
        table = new RouteTable(routes());
        RouteTable.Match hit = table.match(get, detailPath);
        if (hit.route() == null || !hit.route().operation().equals("ShowDetailsOfInstanceV2")) {
            throw new IllegalStateException("the founding GET is not recognised: " + hit);
        }
        if (table.match(get, missPath).error() == null) {
            throw new IllegalStateException("the miss path matched a route");
        }
    }

    static List<Route> routes() {
        return Routes.all(new Endpoints(new InstanceEndpoints(null, null), new LifecycleEndpoints(null, null),
                new IamEndpoints(null), new UserEndpoints(null), new AccountEndpoints(null),
                new PolicyEndpoints(null), new KeyEndpoints(null),
                new ControlEndpoints(null, null, null, null, null, () -> "h2", new RequestFaults(), List::of),
                new AuditEndpoints(null), new ConfigEndpoints(null, null), new MqsEndpoints(null),
                new HealthEndpoints(null), new SnapshotEndpoints(null), new OpsEndpoints(null),
                new ConsoleEndpoints(null, null, null, null, null, null)), 1024 * 1024);
    }

    /** GET /v2/{project_id}/apic/instances/{instance_id}: the route and its two path parameters. */
    @Benchmark
    public void matchInstanceDetail(Blackhole bh) {
        bh.consume(table.match(get, detailPath));
    }

    /** A path no template matches: the whole table is scanned, then NOT_FOUND. */
    @Benchmark
    public void matchMiss(Blackhole bh) {
        bh.consume(table.match(get, missPath));
    }
}
