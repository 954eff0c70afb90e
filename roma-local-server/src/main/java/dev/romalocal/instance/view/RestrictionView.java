package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code GET /v2/{project_id}/apic/instances/{instance_id}/restriction}. */
public record RestrictionView(@JsonProperty("restrict_cidrs") List<String> restrictCidrs,
                              @JsonProperty("resource_subnet_cidr") String resourceSubnetCidr) {
}
