package dev.romalocal.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2's chunk bookkeeping on the embedded store stays bounded under endless commits: every commit writes a chunk, and
 * without {@link H2Housekeeping} (and the 5 s retention of {@link Database#H2_SETTINGS}) the chunks H2 keeps in
 * memory grow by about one per commit (bench/README.md, soak). Commits run without pause for 20 s; the chunk count
 * (H2's own {@code info.CHUNK_COUNT}) after 20 s must not have grown much past its count after 10 s. Without the
 * housekeeping it doubles (no chunk is dropped in 45 s), which this test fails on.
 */
class H2ChunkBookkeepingTest {

    @Test
    void chunkCountLevelsOffUnderContinuousCommits(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir, null, null, null, 4)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE chunk_probe(id BIGINT PRIMARY KEY, state VARCHAR(20),"
                    + " pad VARCHAR(400))"));
            AtomicLong ids = new AtomicLong();
            AtomicLong commits = new AtomicLong();
            long start = System.nanoTime();
            long[] chunksAt = new long[2];
            long[] commitsAt = new long[2];
            for (int phase = 0; phase < 2; phase++) {
                long until = start + (phase + 1) * 10_000_000_000L;
                while (System.nanoTime() < until) {
                    // one create -> Running -> delete cycle: three commits, as the lifecycle does
                    long id = ids.incrementAndGet();
                    db.jdbi().useHandle(h -> h.execute(
                            "INSERT INTO chunk_probe VALUES(?, 'Creating', REPEAT('p', 300))", id));
                    db.jdbi().useHandle(h -> h.execute("UPDATE chunk_probe SET state = 'Running' WHERE id = ?", id));
                    db.jdbi().useHandle(h -> h.execute("DELETE FROM chunk_probe WHERE id = ?", id));
                    commits.addAndGet(3);
                }
                chunksAt[phase] = chunkCount(db);
                commitsAt[phase] = commits.get();
            }
            assertThat(commitsAt[1] - commitsAt[0]).as("commits in the second 10 s").isGreaterThan(1_000);
            assertThat(chunksAt[1])
                    .as("H2 chunks after 20 s (%d commits) against after 10 s (%d chunks, %d commits)",
                            commitsAt[1], chunksAt[0], commitsAt[0])
                    .isLessThan(chunksAt[0] * 3 / 2 + 200);
        }
    }

    private static long chunkCount(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT CAST(SETTING_VALUE AS BIGINT)"
                + " FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNK_COUNT'").mapTo(Long.class).one());
    }
}
