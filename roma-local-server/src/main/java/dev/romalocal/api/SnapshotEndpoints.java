package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.error.MissingBodyException;
import dev.romalocal.snapshot.Snapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code /_roma_local/snapshot}: the whole state as one document, out and in (docs/snapshots.md). */
final class SnapshotEndpoints {
    private final Snapshots snapshots;

    SnapshotEndpoints(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    /** {@code GET /_roma_local/snapshot}: the whole state, read in one transaction. */
    Reply export(Call call) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        snapshots.export(out);
        return Reply.bytes(200, out.toByteArray());
    }

    /**
     * {@code PUT /_roma_local/snapshot}: replaces the whole state with the document's, in one transaction. The body
     * was streamed to a temporary file; it is read from there as a stream.
     */
    Reply replace(Call call) throws IOException {
        Path body = call.bodyFile();
        if (body == null || Files.size(body) == 0) {
            throw new MissingBodyException();
        }
        Snapshots.Imported imported = snapshots.importFrom(Snapshots.file(body));
        return Reply.ok(new ImportView(imported.rows("instances"), imported.rows("instance_events"),
                imported.rows("tasks"), imported.rows("users"), imported.clockPaused(), imported.rows()));
    }

    record ImportView(@JsonProperty("instances") int instances, @JsonProperty("events") int events,
                      @JsonProperty("tasks") int tasks, @JsonProperty("users") int users,
                      @JsonProperty("clock_paused") boolean clockPaused,
                      @JsonProperty("rows") Map<String, Integer> rows) {
    }
}
