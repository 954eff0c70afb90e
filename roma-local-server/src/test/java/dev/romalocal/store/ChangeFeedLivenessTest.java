package dev.romalocal.store;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL change feed checks its listening connection with heartbeats: a connection that dies silently (a
 * dead network path) or loudly (its backend terminated) makes the feed not live at once or within
 * {@code 2 × interval}; it reconnects, and is live and coherent again once a heartbeat made the round trip.
 */
class ChangeFeedLivenessTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Backend.Store store;
    private Database db;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openStore() {
        store = Backend.POSTGRES.fresh();
        var st = store.settings().store();
        db = Database.open(st.dataDir(), st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword(), 4);
    }

    @AfterEach
    void closeStore() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        db.close();
        store.close();
    }

    private ChangeFeed feed(String url) {
        var st = store.settings().store();
        ChangeFeed f = ChangeFeed.postgres(db, url, st.jdbcUser(), st.jdbcPassword(), INTERVAL);
        open.add(f);
        return f;
    }

    /** A change committed by another node (its own feed, as the stores do). */
    private void commitChange(ChangeFeed writer, String key) {
        db.jdbi().useTransaction(h -> writer.changed(h, ChangeFeed.Kind.INSTANCE, key));
    }

    @Test
    void aSilentlyDeadPathIsNoticedByTheHeartbeatAndTheFeedRecovers() throws Exception {
        String url = store.settings().store().jdbcUrl();
        Matcher m = Pattern.compile("^jdbc:postgresql://([^/:]+)(?::(\\d+))?/(.*)$").matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        BlackholeProxy proxy = new BlackholeProxy(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
        open.add(proxy);
        ChangeFeed listener = feed("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3));
        ChangeFeed writer = feed(url);
        List<String> heard = new CopyOnWriteArrayList<>();
        listener.onChange(ChangeFeed.Kind.INSTANCE, heard::add);
        AtomicInteger resets = new AtomicInteger();
        listener.onReset(resets::incrementAndGet);
        assertThat(listener.live()).isTrue();

        commitChange(writer, "before");
        eventually(() -> heard.contains("before"), 5_000, "a change is heard");

        proxy.blackhole();
        int resetsBefore = resets.get();
        long t0 = System.nanoTime();
        eventually(() -> !listener.live(), 3_000, "the feed is not live once no heartbeat comes back");
        long noticedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(noticedMillis).as("noticed within about 2 × the interval").isLessThan(2_000);
        commitChange(writer, "missed");
        // Not live as long as the path is dead (it keeps trying to reconnect, through the same dead path).
        Thread.sleep(3 * INTERVAL.toMillis());
        assertThat(listener.live()).isFalse();
        assertThat(resets.get()).as("caches were told to forget").isGreaterThan(resetsBefore);

        proxy.heal();
        eventually(listener::live, 20_000, "live again after reconnecting");
        assertThat(listener.connections()).isGreaterThanOrEqualTo(2);
        commitChange(writer, "after");
        eventually(() -> heard.contains("after"), 5_000, "coherent again: changes are heard");
        assertThat(heard).doesNotContain("missed");
    }

    @Test
    void aTerminatedBackendIsReplacedAndTheFeedIsCoherentAgain() throws Exception {
        String url = store.settings().store().jdbcUrl();
        ChangeFeed listener = feed(url);
        ChangeFeed writer = feed(url);
        List<String> heard = new CopyOnWriteArrayList<>();
        listener.onChange(ChangeFeed.Kind.INSTANCE, heard::add);
        AtomicInteger resets = new AtomicInteger();
        listener.onReset(resets::incrementAndGet);
        assertThat(listener.live()).isTrue();
        long connections = listener.connections();

        terminateListener(listener);
        eventually(() -> resets.get() > 0, 3_000, "caches are told to forget once the connection is gone");
        eventually(() -> listener.connections() > connections && listener.live(), 10_000,
                "reconnected and live again");
        commitChange(writer, "after");
        eventually(() -> heard.contains("after"), 5_000, "coherent again: changes are heard");
    }

    /** Terminates the backend that listens for {@code feed}, found by its application name and LISTEN. */
    static void terminateListener(ChangeFeed feed) throws SQLException {
        try (Connection c = DriverManager.getConnection(Backend.PG_URL, Backend.PG_USER, Backend.PG_PASSWORD);
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     + "WHERE application_name = ? AND query = ?")) {
            ps.setString(1, ChangeFeed.APPLICATION_NAME);
            ps.setString(2, "LISTEN " + feed.heartbeatChannel());
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getBoolean(1)).isTrue();
                    n++;
                }
            }
            assertThat(n).as("one listening backend").isEqualTo(1);
        }
    }

    static void eventually(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}
