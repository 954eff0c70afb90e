package dev.romalocal.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Tells caches what changed, once it is committed. A writer calls {@link #changed} inside its transaction; this
 * node's listeners hear it after the commit. On PostgreSQL the same change is also sent with {@code pg_notify}
 * (delivered to the other nodes at commit, dropped on rollback); each node listens on a dedicated connection.
 *
 * <p>That connection may break loudly (an error) or silently (a dead network path, a backend that never answers).
 * So the node checks it: every heartbeat interval it sends a heartbeat through the pool on a channel of its own,
 * which the listening connection also listens on, and expects to hear it back. The feed is live only while the
 * last heartbeat heard was sent less than {@code interval + deadline} ago (PostgreSQL delivers notifications in
 * commit order, so hearing a heartbeat proves every change committed before it was sent has been heard). When the
 * feed is not live, caches stop serving and are cleared; a connection that hears no heartbeat for that long is
 * replaced; the feed is live again once a heartbeat has made the round trip on the new connection.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    /** What changed: each kind has one key (an instance id, a project id, a token hash, ...). */
    public enum Kind {
        INSTANCE, PROJECT_INSTANCES, ALL_INSTANCES, TOKEN, USER, ACCESS_KEY, PROJECT, TASKS, CLOCK,
        /** Groups, memberships, policies or grants of an account changed (key: the domain id). */
        IDENTITY
    }

    /** The PostgreSQL application name of the listening connection (visible in {@code pg_stat_activity}). */
    static final String APPLICATION_NAME = "roma-local-feed";
    /** The kind of a heartbeat notification (never a {@link Kind}: older nodes never see one). */
    static final String HEARTBEAT = "HEARTBEAT";
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
    private static final Map<String, Kind> KINDS = java.util.Arrays.stream(Kind.values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Kind::name, k -> k));

    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Kind, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();
    private final String channel;
    private final String beatChannel;
    private final String jdbcUrl;
    private final Properties connectionProperties;
    private final Jdbi pool;
    private final long intervalNanos;
    private final FeedLiveness liveness;
    private final AtomicLong connections = new AtomicLong();
    private final java.util.Set<String> unknownKinds = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Connection listening;
    private Thread listener;
    private ScheduledExecutorService heartbeats;
    private volatile boolean beatFailing;

    private ChangeFeed(String channel, String jdbcUrl, Properties connectionProperties, Jdbi pool,
                       Duration interval) {
        this.channel = channel;
        this.beatChannel = channel == null ? null : channel + "_" + node;
        this.jdbcUrl = jdbcUrl;
        this.connectionProperties = connectionProperties;
        this.pool = pool;
        this.intervalNanos = interval.toNanos();
        // Deadline for a heartbeat's round trip: one interval. Live while the last one heard is that recent.
        this.liveness = new FeedLiveness(2 * intervalNanos, System.nanoTime());
    }

    /** A feed for one process (H2: no other node can share the store). */
    public static ChangeFeed local() {
        return new ChangeFeed(null, null, null, null, DEFAULT_HEARTBEAT);
    }

    /** A feed shared by every node on this PostgreSQL database and schema. */
    public static ChangeFeed postgres(Database db, String jdbcUrl, String user, String password) {
        return postgres(db, jdbcUrl, user, password, DEFAULT_HEARTBEAT);
    }

    /** As {@link #postgres(Database, String, String, String)}, with a given heartbeat interval (tests). */
    static ChangeFeed postgres(Database db, String jdbcUrl, String user, String password, Duration interval) {
        String scope = db.jdbi().withHandle(h -> h.createQuery("SELECT current_database() || '/' || current_schema()")
                .mapTo(String.class).one());
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", APPLICATION_NAME);
        // A dead path must not hold the listener for long: connecting, logging in and LISTEN give up in seconds.
        String seconds = String.valueOf(Math.max(2, Math.min(10, interval.multipliedBy(5).toSeconds())));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("socketTimeout", seconds);
        p.setProperty("tcpKeepAlive", "true");
        ChangeFeed feed = new ChangeFeed(channelFor(scope), jdbcUrl, p, db.jdbi(), interval);
        feed.startListening();
        return feed;
    }

    /** The channel of every node sharing one database and schema ({@code scope} is "database/schema"). */
    static String channelFor(String scope) {
        return "roma_local_" + UUID.nameUUIDFromBytes(scope.getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 16);
    }

    public void onChange(Kind kind, Consumer<String> listener) {
        listeners.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Called when changes may have been missed: every cache should forget everything. */
    public void onReset(Runnable listener) {
        resetListeners.add(listener);
    }

    /** True when every committed change reaches this node's listeners. */
    public boolean live() {
        return channel == null || liveness.live(System.nanoTime());
    }

    /** The channel only this node's heartbeats use: the last one its listening connection LISTENs on (tests). */
    String heartbeatChannel() {
        return beatChannel;
    }

    /** How many times the listening connection was opened (tests). */
    long connections() {
        return connections.get();
    }

    /**
     * Records a change in the caller's transaction: heard here after commit, and by other nodes. Within one
     * transaction each change is sent once; past {@value #BULK} instance changes (a seed, a reset) the rest are
     * folded into one "all instances changed".
     */
    public void changed(Handle h, Kind kind, String key) {
        Pending pending = this.pending.computeIfAbsent(h, x -> {
            Pending p = new Pending();
            h.afterCommit(() -> publishLocally(this.pending.remove(h)));
            h.afterRollback(() -> this.pending.remove(h));
            return p;
        });
        if (pending.bulk && kind == Kind.INSTANCE) {
            return;
        }
        if (!pending.changes.add(new Change(kind, key))) {
            return;
        }
        if (kind == Kind.INSTANCE && ++pending.instances > BULK) {
            pending.bulk = true;
            pending.changes.add(new Change(Kind.ALL_INSTANCES, "*"));
            notifyOthers(h, Kind.ALL_INSTANCES, "*");
            return;
        }
        notifyOthers(h, kind, key);
    }

    private void notifyOthers(Handle h, Kind kind, String key) {
        if (channel != null) {
            h.createQuery("SELECT pg_notify(:c, :p)").bind("c", channel)
                    .bind("p", node + "|" + kind.name() + "|" + key).mapTo(String.class).list();
        }
    }

    private void publishLocally(Pending p) {
        if (p == null) {
            return;
        }
        if (p.bulk) {
            dispatch(Kind.ALL_INSTANCES, "*");
        }
        for (Change c : p.changes) {
            if (!(p.bulk && (c.kind() == Kind.INSTANCE || c.kind() == Kind.ALL_INSTANCES))) {
                dispatch(c.kind(), c.key());
            }
        }
    }

    private record Change(Kind kind, String key) {
    }

    /** The changes one open transaction has recorded. */
    private static final class Pending {
        final java.util.Set<Change> changes = new java.util.LinkedHashSet<>();
        int instances;
        boolean bulk;
    }

    private static final int BULK = 32;
    private final Map<Handle, Pending> pending = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private void dispatch(Kind kind, String key) {
        for (Consumer<String> l : listeners.getOrDefault(kind, List.of())) {
            try {
                l.accept(key);
            } catch (RuntimeException e) {
                LOG.warn("cache listener for {} failed: {}", kind, Redact.describe(e));
            }
        }
    }

    private void reset() {
        resetListeners.forEach(Runnable::run);
    }

    private void startListening() {
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "change-feed-heartbeat");
            t.setDaemon(true);
            return t;
        });
        listener = new Thread(this::listen, "change-feed");
        listener.setDaemon(true);
        listener.start();
        heartbeats.scheduleWithFixedDelay(this::sendHeartbeat, 0, intervalNanos, TimeUnit.NANOSECONDS);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!live() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!live()) {
            LOG.warn("change feed not connected yet: caches are bypassed until it is");
        }
    }

    /** Sends this node's heartbeat through the pool: it proves the listening connection when it comes back. */
    private void sendHeartbeat() {
        if (closed) {
            return;
        }
        try {
            pool.useHandle(h -> h.createQuery("SELECT pg_notify(:c, :p)").bind("c", beatChannel)
                    .bind("p", node + "|" + HEARTBEAT + "|" + System.nanoTime()).mapTo(String.class).list());
            if (beatFailing) {
                beatFailing = false;
                LOG.info("change feed heartbeat sent again");
            }
        } catch (RuntimeException e) {
            if (!beatFailing && !closed) {
                beatFailing = true;
                LOG.warn("change feed heartbeat cannot be sent ({}); caches are bypassed until it can",
                        Redact.describe(e));
            }
        }
    }

    /** A notification's payload: {@code node|KIND|key}. */
    record Notice(String node, Kind kind, boolean heartbeat, String key) {
    }

    /**
     * Reads a payload; null when it is malformed or names a kind this version does not know (a newer node's:
     * whatever it describes, no cache of this node holds it).
     */
    static Notice parse(String payload) {
        if (payload == null) {
            return null;
        }
        String[] parts = payload.split("\\|", 3);
        if (parts.length != 3) {
            return null;
        }
        if (HEARTBEAT.equals(parts[1])) {
            return new Notice(parts[0], null, true, parts[2]);
        }
        Kind kind = KINDS.get(parts[1]);
        return kind == null ? null : new Notice(parts[0], kind, false, parts[2]);
    }

    /** Handles one notification heard on the listening connection. */
    void hear(String payload, long now) {
        Notice n = parse(payload);
        if (n == null) {
            String[] parts = payload == null ? new String[0] : payload.split("\\|", 3);
            String kind = parts.length == 3 ? parts[1] : "?";
            if (unknownKinds.size() < 64 && unknownKinds.add(kind)) {
                LOG.info("change feed ignores notifications of unknown kind {} (a newer node?)",
                        kind.length() > 40 ? kind.substring(0, 40) : kind);
            }
            return;
        }
        if (n.heartbeat()) {
            if (!n.node().equals(node)) {
                return;
            }
            long sentAt;
            try {
                sentAt = Long.parseLong(n.key());
            } catch (NumberFormatException e) {
                return;
            }
            if (liveness.reviving(now)) {
                reset();    // whatever changed while the feed was not trusted is unknown: forget before serving
            }
            liveness.confirm(sentAt, now);
            return;
        }
        if (!n.node().equals(node)) {
            dispatch(n.kind(), n.key());
        }
    }

    private void listen() {
        long backoff = 100;
        int pollMillis = (int) Math.max(20, Math.min(500, TimeUnit.NANOSECONDS.toMillis(intervalNanos) / 4));
        while (!closed) {
            Connection c = null;
            try {
                c = DriverManager.getConnection(jdbcUrl, connectionProperties);
                listening = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                    st.execute("LISTEN " + beatChannel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                liveness.connected(System.nanoTime());
                connections.incrementAndGet();
                reset();            // whatever changed while we were not listening is unknown
                heartbeats.execute(this::sendHeartbeat);
                backoff = 100;
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(pollMillis);
                    long now = System.nanoTime();
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            hear(n.getParameter(), now);
                        }
                    }
                    if (liveness.stalled(now)) {
                        throw new Stalled();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                liveness.disconnected(System.nanoTime());
                reset();
                if (backoff == 100) {   // the first failure since the last good connection: one line, not one per try
                    LOG.warn("change feed lost its connection ({}); caches are bypassed until it is back",
                            e instanceof Stalled ? "no heartbeat came back within "
                                    + TimeUnit.NANOSECONDS.toMillis(2 * intervalNanos) + " ms" : Redact.describe(e));
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            } finally {
                listening = null;
                if (c != null) {
                    abort(c);
                }
            }
        }
    }

    /** The listening connection heard no heartbeat for too long: it is replaced. */
    private static final class Stalled extends RuntimeException {
        Stalled() {
            super(null, null, false, false);
        }
    }

    /** Drops a connection at once, without waiting for a peer that may never answer. */
    private static void abort(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        if (listener != null) {
            listener.interrupt();
        }
        Connection c = listening;
        if (c != null) {
            abort(c);
        }
    }
}
