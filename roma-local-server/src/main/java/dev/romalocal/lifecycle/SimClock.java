package dev.romalocal.lifecycle;

import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The lifecycle clock: wall time plus an offset, or paused at a fixed instant. It lives in the store (one row),
 * so every node shares it; each node keeps the newest state it has seen and refreshes it as its workers poll. Every
 * move increments the row's sequence, and a node only ever replaces its state with one of a higher sequence: a
 * slow read that started before a move cannot take the node's clock back (monotonic per node).
 * Tests pause it, then advance it step by step: no sleeping to wait for a state.
 */
public final class SimClock implements LongSupplier {
    /** A snapshot of the clock's settings. */
    public record State(boolean paused, long frozenAt, long offsetMillis) {
    }

    private final ClockStore store;
    private final Clock wall;
    /** A state and the sequence of the move that made it. */
    record Seen(State state, long seq) {
    }

    private final AtomicReference<Seen> seen = new AtomicReference<>(new Seen(new State(false, 0, 0), -1));

    public SimClock(Jdbi jdbi, Clock wall, ChangeFeed feed) {
        this.store = new ClockStore(jdbi, feed);
        this.wall = wall;
        refresh();
        // Another node moved the clock: read it again at once.
        feed.onChange(ChangeFeed.Kind.CLOCK, k -> refresh());
    }

    /** Virtual now, epoch milliseconds. */
    public long now() {
        State s = seen.get().state();
        return s.paused() ? s.frozenAt() : wall.millis() + s.offsetMillis();
    }

    @Override
    public long getAsLong() {
        return now();
    }

    public State state() {
        return seen.get().state();
    }

    /** Re-reads the shared state (another node may have moved the clock); keeps ours when it is newer. */
    public void refresh() {
        keep(store.read());
    }

    private void keep(Seen read) {
        seen.accumulateAndGet(read, (mine, theirs) -> theirs.seq() > mine.seq() ? theirs : mine);
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
        Seen next = store.move(change);
        keep(next);
        return next.state();
    }
}
