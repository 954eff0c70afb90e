package dev.romalocal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * One status change of an instance ({@code GET /_roma_local/projects/{p}/instances/{i}/events}), at lifecycle-clock
 * time. {@code to} is null when the instance went away; {@code from} is null when it came into being.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceEvent(@JsonProperty("at") long atMillis, @JsonProperty("operation") String operation,
                            @JsonProperty("from") String from, @JsonProperty("to") String to,
                            @JsonProperty("node") String node) {
    public Instant at() {
        return Instant.ofEpochMilli(atMillis);
    }
}
