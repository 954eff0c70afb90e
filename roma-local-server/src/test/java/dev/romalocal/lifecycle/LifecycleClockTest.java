package dev.romalocal.lifecycle;

import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Eventually;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock of a node never goes back: threads that refresh it (as workers do) while another moves it cannot
 * replace the moved state with one they read before the move. And a move on one node reaches another's clock
 * through the change feed.
 */
class LifecycleClockTest {

    @Test
    void refreshesRacingWithMovesNeverTakeTheClockBack() throws InterruptedException {
        Jdbi jdbi = Jdbi.create("jdbc:h2:mem:clock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE sim_clock (id INT PRIMARY KEY, paused BOOLEAN NOT NULL, frozen_at BIGINT NOT NULL, "
                    + "offset_ms BIGINT NOT NULL, seq BIGINT DEFAULT 0 NOT NULL)");
            h.execute("INSERT INTO sim_clock (id, paused, frozen_at, offset_ms) VALUES (1, TRUE, 0, 0)");
        });
        SimClock clock = new SimClock(jdbi, Clock.systemUTC(), ChangeFeed.local());
        AtomicLong published = new AtomicLong();
        AtomicLong regressions = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> refreshers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread r = new Thread(() -> {
                while (running.get()) {
                    clock.refresh();
                    long moved = published.get();
                    if (clock.now() < moved) {
                        regressions.incrementAndGet();
                    }
                }
            });
            r.start();
            refreshers.add(r);
        }
        try {
            for (int i = 1; i <= 200; i++) {
                SimClock.State s = clock.advance(1000);
                published.set(s.frozenAt());
                assertThat(clock.now()).isGreaterThanOrEqualTo(s.frozenAt());
            }
        } finally {
            running.set(false);
            for (Thread r : refreshers) {
                r.join();
            }
        }
        assertThat(regressions.get()).as("times a refresh took the clock back").isZero();
        assertThat(clock.now()).isEqualTo(200_000);
    }

    /**
     * Two nodes on one PostgreSQL store: a move on one reaches the other's clock through the change feed, with no
     * read of the row on that side (its workers skip the read while the feed is live).
     */
    @Test
    void aMoveOnOneNodeReachesTheOthersClockThroughTheFeed() throws Exception {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            var st = store.settings().store();
            try (Database db = Database.open(st.dataDir(), st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword(), 4);
                 ChangeFeed feedA = ChangeFeed.postgres(db, st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword());
                 ChangeFeed feedB = ChangeFeed.postgres(db, st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword())) {
                SimClock a = new SimClock(db.jdbi(), Clock.systemUTC(), feedA);
                SimClock b = new SimClock(db.jdbi(), Clock.systemUTC(), feedB);
                assertThat(feedB.live()).isTrue();
                SimClock.State paused = a.setPaused(true);
                Eventually.eventually(() -> String.valueOf(b.state()), String.valueOf(paused));
                SimClock.State moved = a.advance(90_000);
                Eventually.eventually(() -> String.valueOf(b.now()), String.valueOf(moved.frozenAt()));
                b.refreshUnlessLive();
                assertThat(b.now()).isEqualTo(a.now());
            }
        }
    }
}
