package dev.romalocal.store;

/**
 * When the change feed may be trusted. A heartbeat sent at time {@code s} and heard back on the listening
 * connection proves every change committed before {@code s} has been heard (PostgreSQL delivers notifications in
 * commit order), so the feed is live until {@code s + maxAge}. A new connection is not live until its first
 * heartbeat; a connection that hears none for {@code maxAge} is stalled and must be replaced.
 *
 * <p>One thread (the listener) changes the state; any thread may ask {@link #live}. Times are
 * {@link System#nanoTime()} values.
 */
final class FeedLiveness {
    private final long maxAgeNanos;
    /** Live strictly before this time. */
    private volatile long liveUntil;
    private boolean connected;
    private long lastProof;

    FeedLiveness(long maxAgeNanos, long now) {
        this.maxAgeNanos = maxAgeNanos;
        this.liveUntil = now;
    }

    boolean live(long now) {
        return now - liveUntil < 0;
    }

    /** A new listening connection: not live yet, but not stalled before {@code maxAge} either. */
    void connected(long now) {
        connected = true;
        lastProof = now;
        liveUntil = now;
    }

    /** The listening connection is gone (or given up). */
    void disconnected(long now) {
        connected = false;
        liveUntil = now;
    }

    /**
     * This node's own heartbeat, sent at {@code sentAt}, was heard at {@code now}. Returns true when the feed was
     * not live just before: the caller must make caches forget <em>before</em> calling {@link #confirm}.
     */
    boolean reviving(long now) {
        return connected && !live(now);
    }

    /** Records the heartbeat {@link #reviving} was asked about. */
    void confirm(long sentAt, long now) {
        if (!connected || now - sentAt < 0) {
            return;
        }
        lastProof = now;
        long until = sentAt + maxAgeNanos;
        if (until - liveUntil > 0) {
            liveUntil = until;
        }
    }

    /** True when the connection has heard no heartbeat for {@code maxAge}: it should be replaced. */
    boolean stalled(long now) {
        return connected && now - lastProof > maxAgeNanos;
    }
}
