package dev.romalocal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What {@code POST /_roma_local/reset} did: instances removed, instances seeded again from the seed file. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResetResult(@JsonProperty("deleted_instances") int deletedInstances,
                          @JsonProperty("seeded_instances") int seededInstances) {
}
