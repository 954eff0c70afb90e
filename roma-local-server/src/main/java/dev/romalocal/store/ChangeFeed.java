package dev.romalocal.store;

import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells caches what changed, once it is committed. A writer calls {@link #changed} inside its transaction; this
 * node's listeners hear it after the commit. On PostgreSQL the same change is also sent with {@code pg_notify}
 * (delivered to the other nodes at commit, dropped on rollback); each node listens on a dedicated connection.
 * If that connection breaks, the feed is not live: caches stop serving and are cleared, until it reconnects.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    /** What changed: each kind has one key (an instance id, a project id, a token hash, ...). */
    public enum Kind { INSTANCE, PROJECT_INSTANCES, ALL_INSTANCES, TOKEN, USER, ACCESS_KEY, PROJECT, TASKS, CLOCK }

    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Kind, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();
    private final String channel;
    private final String jdbcUrl;
    private final Properties connectionProperties;
    private volatile boolean live;
    private volatile boolean closed;
    private Thread listener;

    private ChangeFeed(String channel, String jdbcUrl, Properties connectionProperties) {
        this.channel = channel;
        this.jdbcUrl = jdbcUrl;
        this.connectionProperties = connectionProperties;
        this.live = channel == null;
    }

    /** A feed for one process (H2: no other node can share the store). */
    public static ChangeFeed local() {
        return new ChangeFeed(null, null, null);
    }

    /** A feed shared by every node on this PostgreSQL database and schema. */
    public static ChangeFeed postgres(Database db, String jdbcUrl, String user, String password) {
        String scope = db.jdbi().withHandle(h -> h.createQuery("SELECT current_database() || '/' || current_schema()")
                .mapTo(String.class).one());
        String channel = "roma_local_" + UUID.nameUUIDFromBytes(scope.getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 16);
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        ChangeFeed feed = new ChangeFeed(channel, jdbcUrl, p);
        feed.startListening();
        return feed;
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
        return live;
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
                LOG.warn("cache listener for {} failed: {}", kind, e.toString());
            }
        }
    }

    private void reset() {
        resetListeners.forEach(Runnable::run);
    }

    private void startListening() {
        listener = new Thread(this::listen, "change-feed");
        listener.setDaemon(true);
        listener.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!live && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!live) {
            LOG.warn("change feed not connected yet: caches are bypassed until it is");
        }
    }

    private void listen() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, connectionProperties)) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                reset();            // whatever changed while we were not listening is unknown
                live = true;
                backoff = 100;
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes == null) {
                        continue;
                    }
                    for (PGNotification n : notes) {
                        String[] parts = n.getParameter().split("\\|", 3);
                        if (parts.length == 3 && !parts[0].equals(node)) {
                            dispatch(Kind.valueOf(parts[1]), parts[2]);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (live) {
                    LOG.warn("change feed lost its connection ({}); caches are bypassed until it is back",
                            e.getMessage());
                }
                live = false;
                reset();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
