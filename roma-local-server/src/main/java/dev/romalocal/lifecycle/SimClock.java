package dev.romalocal.lifecycle;

import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The lifecycle clock: wall time plus an offset, or paused at a fixed instant. It lives in the store (one row),
 * so every node shares it; each node keeps the last state it read and refreshes it as its workers poll.
 * Tests pause it, then advance it step by step: no sleeping to wait for a state.
 */
public final class SimClock implements LongSupplier {
    /** A snapshot of the clock's settings. */
    public record State(boolean paused, long frozenAt, long offsetMillis) {
    }

    private final Jdbi jdbi;
    private final Clock wall;
    private final ChangeFeed feed;
    private volatile State state;

    public SimClock(Jdbi jdbi, Clock wall, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.wall = wall;
        this.feed = feed;
        refresh();
        // Another node moved the clock: read it again at once.
        feed.onChange(ChangeFeed.Kind.CLOCK, k -> refresh());
    }

    /** Virtual now, epoch milliseconds. */
    public long now() {
        State s = state;
        return s.paused() ? s.frozenAt() : wall.millis() + s.offsetMillis();
    }

    @Override
    public long getAsLong() {
        return now();
    }

    public State state() {
        return state;
    }

    /** Re-reads the shared state (another node may have moved the clock). */
    public void refresh() {
        state = jdbi.withHandle(this::load);
    }

    /** Moves virtual time forward by {@code millis}, paused or not. */
    public State advance(long millis) {
        return update(s -> s.paused()
                ? new State(true, s.frozenAt() + millis, s.offsetMillis())
                : new State(false, s.frozenAt(), s.offsetMillis() + millis));
    }

    /** Stops virtual time where it is now, or lets it run again from there. */
    public State setPaused(boolean paused) {
        return update(s -> {
            if (paused == s.paused()) {
                return s;
            }
            long w = wall.millis();
            return paused ? new State(true, w + s.offsetMillis(), s.offsetMillis())
                          : new State(false, s.frozenAt(), s.frozenAt() - w);
        });
    }

    private State update(java.util.function.UnaryOperator<State> change) {
        State next = jdbi.inTransaction(h -> {
            State current = h.createQuery("SELECT paused, frozen_at, offset_ms FROM sim_clock WHERE id = 1 FOR UPDATE")
                    .map((rs, ctx) -> new State(rs.getBoolean(1), rs.getLong(2), rs.getLong(3))).one();
            State n = change.apply(current);
            feed.changed(h, ChangeFeed.Kind.CLOCK, "*");
            h.createUpdate("UPDATE sim_clock SET paused = :p, frozen_at = :f, offset_ms = :o WHERE id = 1")
                    .bind("p", n.paused()).bind("f", n.frozenAt()).bind("o", n.offsetMillis()).execute();
            return n;
        });
        state = next;
        return next;
    }

    private State load(Handle h) {
        return h.createQuery("SELECT paused, frozen_at, offset_ms FROM sim_clock WHERE id = 1")
                .map((rs, ctx) -> new State(rs.getBoolean(1), rs.getLong(2), rs.getLong(3))).one();
    }
}
