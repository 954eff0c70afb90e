package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /_roma_local/metrics} (docs/metrics.md): the text parses strictly as the Prometheus exposition format,
 * and the meters move with what the server does: requests by operation and status (a histogram), refused
 * credentials and permissions, lifecycle steps and tasks (the clock driven, never a sleep), caches, pool, JVM.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class MetricsTest extends IdentityFixtures {
    private static final String REQUESTS = "roma_local_http_requests_seconds";

    private PrometheusText scrape() {
        Http.Response r = http.send("GET", "/_roma_local/metrics", Map.of(), null);
        expect(r, 200);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(r.text());
    }

    private static double count(PrometheusText m, String operation, int status) {
        return m.value(REQUESTS + "_count", "operation", operation, "status", Integer.toString(status));
    }

    @Test
    void requestsAreCountedByOperationAndStatusWithLatencyHistograms() {
        upsertOk("metrics-1", "{}");
        String path = "/v2/" + PROJECT + "/apic/instances/metrics-1";
        PrometheusText before = scrape();
        for (int i = 0; i < 5; i++) {
            expect(get(path), 200);
        }
        expect(get("/v2/" + PROJECT + "/apic/instances/metrics-none"), 404);
        expect(http.send("GET", "/no/such/route", Map.of(), null), 404);
        PrometheusText after = scrape();

        assertThat(after.type(REQUESTS)).isEqualTo("histogram");
        assertThat(count(after, "ShowDetailsOfInstanceV2", 200) - count(before, "ShowDetailsOfInstanceV2", 200))
                .isEqualTo(5);
        assertThat(count(after, "ShowDetailsOfInstanceV2", 404) - count(before, "ShowDetailsOfInstanceV2", 404))
                .isEqualTo(1);
        assertThat(count(after, "unmatched", 404) - count(before, "unmatched", 404)).isEqualTo(1);
        assertThat(count(after, "UpsertInstance", 201)).isEqualTo(1);
        // The histogram: +Inf holds every request, the buckets never decrease, the sum is a positive time.
        double all = after.value(REQUESTS + "_bucket", "operation", "ShowDetailsOfInstanceV2", "status", "200",
                "le", "+Inf");
        assertThat(all).isEqualTo(count(after, "ShowDetailsOfInstanceV2", 200));
        double previous = 0;
        for (PrometheusText.Sample b : after.find(REQUESTS + "_bucket", "operation", "ShowDetailsOfInstanceV2",
                "status", "200")) {
            assertThat(b.value()).isGreaterThanOrEqualTo(previous);
            previous = b.value();
        }
        assertThat(after.find(REQUESTS + "_bucket", "operation", "ShowDetailsOfInstanceV2", "status", "200"))
                .hasSizeGreaterThan(10);
        assertThat(after.value(REQUESTS + "_sum", "operation", "ShowDetailsOfInstanceV2", "status", "200"))
                .isPositive();
        // The scrape itself is counted too (it needs no credentials).
        assertThat(count(after, "Metrics", 200)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void refusedCredentialsAndPermissionsAreCountedByKindAndReason() {
        PrometheusText before = scrape();
        Http.Response bad = http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/x", "not-a-token", null);
        expect(bad, 401);
        Member m = member("metrics");
        Http.Response forbidden = http.withToken("GET", "/_roma_local/clock", tokenOf(m), null);
        expect(forbidden, 403);
        PrometheusText after = scrape();

        String failures = "roma_local_auth_failures_total";
        assertThat(after.type(failures)).isEqualTo("counter");
        assertThat(after.value(failures, "kind", "authentication", "reason", bad.errorCode())
                - before.value(failures, "kind", "authentication", "reason", bad.errorCode())).isEqualTo(1);
        assertThat(after.value(failures, "kind", "authorization", "reason", forbidden.errorCode())
                - before.value(failures, "kind", "authorization", "reason", forbidden.errorCode())).isEqualTo(1);
    }

    @Test
    void lifecycleStepsAndWaitingTasksFollowTheClock() {
        pauseClock();
        upsertOk("metrics-restart", "{\"status\":\"Running\"}");
        PrometheusText before = scrape();
        expect(admin("POST", "/_roma_local/projects/" + PROJECT + "/instances/metrics-restart/actions",
                "{\"action\":\"restart\"}"), 202);
        PrometheusText waiting = scrape();
        assertThat(waiting.value("roma_local_lifecycle_tasks")).isEqualTo(1);
        assertThat(waiting.value("roma_local_lifecycle_tasks_due")).isZero();
        advance(60);
        PrometheusText after = scrape();
        assertThat(status("metrics-restart")).isEqualTo("Running");
        assertThat(after.value("roma_local_lifecycle_tasks")).isZero();
        String steps = "roma_local_lifecycle_steps_total";
        assertThat(after.value(steps, "operation", "restart", "outcome", "finished")
                - before.value(steps, "operation", "restart", "outcome", "finished")).isEqualTo(1);
        assertThat(after.value(steps, "operation", "restart", "outcome", "failed")).isZero();
    }

    @Test
    void cachesPoolAndJvmAreThere() {
        upsertOk("metrics-cache", "{}");
        for (int i = 0; i < 3; i++) {
            expect(get("/v2/" + PROJECT + "/apic/instances/metrics-cache"), 200);
        }
        PrometheusText m = scrape();
        double hits = m.value("roma_local_cache_requests_total", "cache", "tokens", "result", "hit");
        double misses = m.value("roma_local_cache_requests_total", "cache", "tokens", "result", "miss");
        assertThat(hits).as("the admin token is served from memory").isGreaterThanOrEqualTo(3);
        assertThat(m.value("roma_local_cache_hit_ratio", "cache", "tokens")).isEqualTo(hits / (hits + misses));
        assertThat(m.find("roma_local_cache_hit_ratio")).extracting(s -> s.labels().get("cache"))
                .contains("tokens", "access_keys", "grants", "projects", "instance_views", "instances");
        assertThat(m.find("hikaricp_connections_max", "pool", "roma-local-store")).hasSize(1);
        assertThat(m.find("hikaricp_connections_active")).isNotEmpty();
        assertThat(m.find("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(m.find("jvm_threads_live_threads")).isNotEmpty();
        assertThat(m.value("process_uptime_seconds")).isPositive();
    }
}
