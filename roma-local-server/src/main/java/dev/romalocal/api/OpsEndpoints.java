package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.metrics.Metrics;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For operators and newcomers: the index at {@code GET /} and the metrics (docs/metrics.md). No credentials. */
final class OpsEndpoints {
    /** This build's version (the jar manifest's), or {@code dev} when run from classes. */
    static final String VERSION = version();

    private final Metrics metrics;

    OpsEndpoints(Metrics metrics) {
        this.metrics = metrics;
    }

    private static String version() {
        String v = OpsEndpoints.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** {@code GET /_roma_local/metrics}: every meter in the Prometheus text format 0.0.4. */
    Reply metrics(Call call) {
        return new Reply(200, Buffer.buffer(metrics.scrape().getBytes(StandardCharsets.UTF_8)),
                Map.of("Content-Type", Metrics.CONTENT_TYPE));
    }

    /** {@code GET /}: what this server is and where to go next. */
    Reply index(Call call) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("openapi", "/_roma_local/openapi.json");
        endpoints.put("health", "/_roma_local/health");
        endpoints.put("metrics", "/_roma_local/metrics");
        endpoints.put("console", "/_roma_local/console");
        endpoints.put("control", "/_roma_local");
        return Reply.ok(new Index("ROMA Local", VERSION,
                "a self-hostable server for the Huawei Cloud ROMA Connect instance-management API",
                List.of(new Api("ROMA Connect (APIC, MQS, instances)", List.of("/v1/{project_id}",
                                "/v2/{project_id}", "/v3/{project_id}")),
                        new Api("IAM (Keystone-style)", List.of("/v3", "/v3.0"))),
                endpoints));
    }

    record Api(@JsonProperty("name") String name, @JsonProperty("base_paths") List<String> basePaths) {
    }

    record Index(@JsonProperty("name") String name, @JsonProperty("version") String version,
                 @JsonProperty("description") String description, @JsonProperty("apis") List<Api> apis,
                 @JsonProperty("endpoints") Map<String, String> endpoints) {
    }
}
