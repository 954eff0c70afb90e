package dev.romalocal.instance;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.lifecycle.SimClock;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import dev.romalocal.testing.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Seeder#applyBody}: a seed body spooled to a file is streamed (read twice, never held whole) and written in
 * one transaction: all or nothing.
 */
class SeederStreamingTest {
    static final String PROJECT = "0123456789abcdef0123456789abcdef";

    private Path dir;
    private Database db;
    private ChangeFeed feed;
    private Seeder seeder;

    @BeforeEach
    void open() throws IOException {
        dir = Files.createTempDirectory("roma-local-seeder-");
        db = Database.open(dir.resolve("data"), null, null, null, 4);
        feed = ChangeFeed.local();
        InstanceService instances = new InstanceService(new InstanceStore(db.jdbi(), feed), new SubnetStore(db.jdbi()),
                new SimClock(db.jdbi(), Clock.systemUTC(), feed), p -> "region", "test");
        seeder = new Seeder(instances);
    }

    @AfterEach
    void close() {
        feed.close();
        db.close();
        TempDirs.delete(dir);
    }

    /** {@code n} documents in the project, then {@code last} (raw JSON) if not null. */
    private Path body(int n, String last) throws IOException {
        Path f = dir.resolve("body-" + System.nanoTime() + ".json");
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write('[');
            for (int i = 0; i < n; i++) {
                w.write((i == 0 ? "" : ",") + "{\"project_id\":\"" + PROJECT + "\",\"id\":\"streamed-" + i
                        + "\",\"instance_name\":\"streamed-" + i + "\"}");
            }
            if (last != null) {
                w.write((n == 0 ? "" : ",") + last);
            }
            w.write(']');
        }
        return f;
    }

    private int count() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM instances").mapTo(Integer.class).one());
    }

    @Test
    void aSpooledBodyIsAppliedWhole() throws IOException {
        assertThat(seeder.applyBody(body(700, null), "user-1")).isEqualTo(700);
        assertThat(count()).isEqualTo(700);
    }

    @Test
    void aSeedFileLongerThanSnakeYamlsDefaultLimitIsRead() throws IOException {
        Path file = dir.resolve("long.yaml");
        // 4 MiB of comment: past the 3 MiB a YAML document may have by default.
        Files.writeString(file, "# " + "x".repeat(4 << 20) + "\n"
                + "- project_id: " + PROJECT + "\n  id: long-1\n"
                + "- project_id: " + PROJECT + "\n  id: long-2\n");
        assertThat(seeder.apply(file, "user-1")).isEqualTo(2);
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aConflictInTheLastDocumentWritesNothing() throws IOException {
        String clash = "{\"project_id\":\"another-project\",\"id\":\"streamed-3\"}";
        assertThatThrownBy(() -> seeder.applyBody(body(1_199, clash), "user-1"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code().code()).isEqualTo("ROMALOCAL.4091"));
        assertThat(count()).isZero();
    }

    @Test
    void aBadDocumentIsNamedAndNothingIsWritten() throws IOException {
        String bad = "{\"project_id\":\"" + PROJECT + "\",\"id\":\"bad-1\",\"instance_status\":99}";
        assertThatThrownBy(() -> seeder.applyBody(body(10, bad), "user-1"))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameter()).startsWith("entry[10]"));
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, "[{\"project_id\":\"" + PROJECT + "\",\"id\":\"t-1\"},{\"pro");
        assertThatThrownBy(() -> seeder.applyBody(truncated, "user-1"))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(count()).isZero();
    }
}
