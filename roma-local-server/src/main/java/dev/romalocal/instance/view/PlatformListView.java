package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code GET /v2/{project_id}/instances}: {@code total} counts every match, {@code size} this page. */
public record PlatformListView(@JsonProperty("total") int total,
                               @JsonProperty("size") int size,
                               @JsonProperty("instances") List<PlatformListItemView> instances) {
}
