package dev.romalocal.health;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /_roma_local/projects/{project_id}/instances/{instance_id}/health}: whether the live health checks
 * probe the instance, which node does, and each listener's check with its backends' last results (times are
 * lifecycle-clock epoch ms). Results live in the memory of the node that probes: another node's view says which one
 * ({@code probed_by}) and shows no results.
 */
public record HealthView(
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("status") String status,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("enabled_by") String enabledBy,
        @JsonProperty("probed") boolean probed,
        @JsonProperty("probed_by") String probedBy,
        @JsonProperty("probed_here") boolean probedHere,
        @JsonProperty("node") String node,
        @JsonProperty("now") long now,
        @JsonProperty("listeners") List<ListenerView> listeners) {

    /** A listener's check as the probes apply it; {@code healthy} null until every backend has been probed. */
    public record ListenerView(
            @JsonProperty("index") int index,
            @JsonProperty("name") String name,
            @JsonProperty("port") Integer port,
            @JsonProperty("ip_version") Integer ipVersion,
            @JsonProperty("protocol") String protocol,
            @JsonProperty("check_port") Integer checkPort,
            @JsonProperty("unhealthy") int unhealthy,
            @JsonProperty("timeout") int timeout,
            @JsonProperty("interval") int interval,
            @JsonProperty("not_probed") String notProbed,
            @JsonProperty("healthy") Boolean healthy,
            @JsonProperty("backends") List<BackendView> backends) {
    }

    /** A backend's last probe: {@code healthy} is false once its consecutive failures reach {@code unhealthy}. */
    public record BackendView(
            @JsonProperty("ip") String ip,
            @JsonProperty("port") int port,
            @JsonProperty("healthy") Boolean healthy,
            @JsonProperty("consecutive_failures") int consecutiveFailures,
            @JsonProperty("last_result") String lastResult,
            @JsonProperty("last_error") String lastError,
            @JsonProperty("last_probe_at") Long lastProbeAt,
            @JsonProperty("last_probe_at_iso") String lastProbeAtIso,
            @JsonProperty("next_probe_at") long nextProbeAt,
            @JsonProperty("probes") long probes) {
    }

    static ListenerView listener(ListenerCheck c, Boolean down, List<BackendView> backends) {
        boolean allProbed = !backends.isEmpty() && backends.stream().allMatch(b -> b.lastResult() != null);
        return new ListenerView(c.index(), c.name(), c.listenerPort(), c.ipVersion(), c.protocol(), c.checkPort(),
                c.unhealthy(), c.timeoutSeconds(), c.intervalSeconds(), c.notProbed(),
                down == null || (!down && !allProbed) ? null : !down, backends);
    }

    static BackendView backend(HealthProber.BackendState b, int unhealthy) {
        Long at = b.lastAt;
        Boolean up = b.lastUp;
        int failures = b.failures;
        return new BackendView(b.ip, b.port, up == null ? null : failures < unhealthy, failures,
                up == null ? null : up ? "up" : "down", b.lastError, at,
                at == null ? null : Instant.ofEpochMilli(at).toString(), b.nextDue, b.probes);
    }
}
