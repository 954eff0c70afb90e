package dev.romalocal.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An instance as the APIC detail view shows it ({@code GET /v2/{project_id}/apic/instances/{instance_id}}): the
 * fields tests look at most, and the whole document in {@link #json()}.
 */
public record InstanceDetail(String id, String projectId, String name, String status, int instanceStatus,
                             String spec, String version, JsonNode json) {
    static InstanceDetail of(JsonNode n) {
        return new InstanceDetail(text(n, "id"), text(n, "project_id"), text(n, "instance_name"),
                text(n, "status"), n.path("instance_status").asInt(), text(n, "spec"), text(n, "instance_version"),
                n);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
