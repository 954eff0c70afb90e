package dev.romalocal.lifecycle;

import dev.romalocal.store.ChangeFeed;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final ChangeFeed feed;
    /** The feed may have missed a move (it was reset) since the row was last read. */
    private final AtomicBoolean missed = new AtomicBoolean();
    private final Clock wall;
    /** A state and the sequence of the move that made it. */
    record Seen(State state, long seq) {
    }

    private final AtomicReference<Seen> seen = new AtomicReference<>(new Seen(new State(false, 0, 0), -1));

    public SimClock(Jdbi jdbi, Clock wall, ChangeFeed feed) {
        this.store = new ClockStore(jdbi, feed);
        this.feed = feed;
        this.wall = wall;
        refresh();
        // Another node moved the clock: read it again at once.
        feed.onChange(ChangeFeed.Kind.CLOCK, k -> refresh());
        // Moves may have been missed while the feed was down: the next refreshUnlessLive reads the row. (Not read
        // here: a reset runs on the feed's own thread, often while the database cannot be reached.)
        feed.onReset(() -> missed.set(true));
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

    /**
     * As {@link #refresh}, unless the change feed is live and has not been reset since the last read: then every
     * move committed on any node has reached this node through it (its own moves are here already), and the read
     * would find nothing new.
     */
    public void refreshUnlessLive() {
        if (missed.getAndSet(false) | !feed.live()) {
            try {
                refresh();
            } catch (RuntimeException e) {
                missed.set(true);
                throw e;
            }
        }
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

    /**
     * Sets the clock: {@code paused} (null: as it is) and {@code offsetMillis} from wall time (null: as it is). With
     * an offset, a running clock runs at wall time plus it and a paused one stands still at wall time plus it (0:
     * wall time). Without one, pausing stops the clock where it is and resuming lets it run from there: the offset
     * reached (by advances, or by the pause itself) is kept.
     */
    public State set(Boolean paused, Long offsetMillis) {
        if (offsetMillis == null) {
            return paused == null ? update(s -> s) : setPaused(paused);
        }
        return update(s -> {
            boolean p = paused == null ? s.paused() : paused;
            long w = wall.millis();
            return new State(p, w + offsetMillis, offsetMillis);
        });
    }

    /** Back to wall time, running: what a reset does (unless asked to keep the clock). */
    public State toWallTime() {
        return set(false, 0L);
    }

    /** Whether the clock runs at wall time: not paused, no offset. */
    public static boolean atWallTime(State s) {
        return !s.paused() && s.offsetMillis() == 0;
    }

    /**
     * One line that says what the clock does and how to get back to wall time; null when it runs at wall time (the
     * health answer's and the start banner's notice).
     */
    public static String notice(State s, long now, long offsetNow) {
        if (atWallTime(s)) {
            return null;
        }
        String what = s.paused() ? "paused at " + java.time.Instant.ofEpochMilli(now)
                : "running " + Math.abs(offsetNow) + " ms " + (offsetNow >= 0 ? "ahead of" : "behind") + " wall time";
        return "the lifecycle clock is " + what + "; back to wall time: PUT /_roma_local/clock "
                + "{\"paused\":false,\"offset_ms\":0} (or POST /_roma_local/reset)";
    }

    /** {@link #notice(State, long, long)} of this clock as this node last saw it. */
    public String notice() {
        State s = state();
        long w = wall.millis();
        long now = s.paused() ? s.frozenAt() : w + s.offsetMillis();
        return notice(s, now, now - w);
    }

    /**
     * How far virtual time is from wall time now, in milliseconds (positive: ahead). For a paused clock it grows
     * more negative as wall time goes on.
     */
    public long offsetNow() {
        return now() - wall.millis();
    }

    private State update(java.util.function.UnaryOperator<State> change) {
        Seen next = store.move(change);
        keep(next);
        return next.state();
    }
}
