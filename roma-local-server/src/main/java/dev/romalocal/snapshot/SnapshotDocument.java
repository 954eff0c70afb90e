package dev.romalocal.snapshot;

import dev.romalocal.json.OneOf;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;

import java.util.List;
import java.util.Map;

/**
 * The shape of a snapshot document, for the OpenAPI document of {@code PUT /_roma_local/snapshot} (the body itself
 * is read as a stream by {@link Snapshots}, which checks the same and more). docs/snapshots.md describes it.
 *
 * @param format  always {@code roma-local-snapshot}
 * @param version the format's version, 1
 * @param clock   the lifecycle clock
 * @param tables  each carried table's rows, column name to value
 */
public record SnapshotDocument(@NotEmpty @OneOf(Snapshots.FORMAT) String format,
                               @NotNull @Range(min = 1, max = 1) Integer version,
                               @NotNull Clock clock,
                               @NotNull Map<String, List<Map<String, Object>>> tables) {
    /** The clock: paused or not, where it froze, how far it runs ahead of wall time. */
    public record Clock(@NotNull Boolean paused, @NotNull Long frozenAt, @NotNull Long offsetMs) {
    }
}
