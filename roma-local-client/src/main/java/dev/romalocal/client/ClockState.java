package dev.romalocal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * The lifecycle clock ({@code GET /_roma_local/clock}): its time, whether it is paused, and how far it runs
 * ahead of wall time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClockState(@JsonProperty("now") long nowMillis, @JsonProperty("paused") boolean paused,
                         @JsonProperty("offset_ms") long offsetMillis) {
    /** The lifecycle clock's time. */
    public Instant now() {
        return Instant.ofEpochMilli(nowMillis);
    }
}
