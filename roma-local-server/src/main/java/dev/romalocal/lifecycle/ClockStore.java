package dev.romalocal.lifecycle;

import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.function.UnaryOperator;

/** The lifecycle clock's one row ({@code sim_clock}): read it, or move it under its row lock. */
final class ClockStore {
    private final Jdbi jdbi;
    private final ChangeFeed feed;

    ClockStore(Jdbi jdbi, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.feed = feed;
    }

    SimClock.Seen read() {
        return jdbi.withHandle(h -> read(h, ""));
    }

    /** Applies {@code change} to the current state under the row lock, with the next sequence number. */
    SimClock.Seen move(UnaryOperator<SimClock.State> change) {
        return jdbi.inTransaction(h -> {
            SimClock.Seen current = read(h, " FOR UPDATE");
            SimClock.Seen n = new SimClock.Seen(change.apply(current.state()), current.seq() + 1);
            feed.changed(h, ChangeFeed.Kind.CLOCK, "*");
            h.createUpdate("UPDATE sim_clock SET paused = :p, frozen_at = :f, offset_ms = :o, seq = :seq WHERE id = 1")
                    .bind("p", n.state().paused()).bind("f", n.state().frozenAt())
                    .bind("o", n.state().offsetMillis()).bind("seq", n.seq()).execute();
            return n;
        });
    }

    private static SimClock.Seen read(Handle h, String lock) {
        return h.createQuery("SELECT paused, frozen_at, offset_ms, seq FROM sim_clock WHERE id = 1" + lock)
                .map((rs, ctx) -> new SimClock.Seen(new SimClock.State(rs.getBoolean(1), rs.getLong(2),
                        rs.getLong(3)), rs.getLong(4)))
                .one();
    }
}
