package dev.romalocal.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Which node probes which instance when several share one PostgreSQL database: every node that has instances to
 * probe refreshes its row in {@code health_nodes} every {@link #BEAT_MILLIS}; the live nodes are the rows refreshed
 * within {@link #EXPIRY_MILLIS}, sorted; an instance belongs to the node at (hash of its id) modulo their number.
 * Nodes agree as soon as they have read the same rows; while they do not (a node joined or died a moment ago), an
 * instance may be probed by two nodes or by none for a few seconds, which costs a probe or delays one, never a
 * wrong status (every status change re-reads the instance under its row lock). On H2 there is one node.
 */
final class NodeShare {
    private static final Logger LOG = LoggerFactory.getLogger(NodeShare.class);
    static final long BEAT_MILLIS = 2_000;
    static final long EXPIRY_MILLIS = 10_000;

    private final HealthStore store;
    private final String node;
    private final boolean shared;
    private volatile List<String> live;
    private volatile long lastBeat;
    private volatile boolean registered;

    NodeShare(HealthStore store, String node, boolean shared) {
        this.store = store;
        this.node = node;
        this.shared = shared;
        this.live = List.of(node);
    }

    String node() {
        return node;
    }

    /** The live nodes as last read (this one included while it takes a share). */
    List<String> live() {
        return live;
    }

    /**
     * Called by the prober's loop: with work to share, refresh this node's row and read the others' (at most every
     * {@link #BEAT_MILLIS}); without, take no share (the row goes). Wall-clock time: nodes on one database must have
     * clocks within a few seconds of each other.
     */
    void refresh(boolean hasWork) {
        if (!shared) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            if (!hasWork) {
                if (registered) {
                    store.leave(node);
                    registered = false;
                }
                return;
            }
            if (registered && now - lastBeat < BEAT_MILLIS) {
                return;
            }
            store.beat(node, now);
            registered = true;
            lastBeat = now;
            List<String> nodes = store.liveNodes(now - EXPIRY_MILLIS, now - 6 * EXPIRY_MILLIS);
            live = nodes.contains(node) ? List.copyOf(nodes) : List.of(node);
        } catch (RuntimeException e) {
            // Keep the last view; a node that cannot reach the store cannot write statuses either.
            LOG.warn("health checks: cannot refresh the probing nodes ({})", dev.romalocal.store.Redact.describe(e));
        }
    }

    /** The node that probes this instance. */
    String owner(String instanceId) {
        List<String> nodes = live;
        return nodes.size() == 1 ? nodes.get(0) : nodes.get(Math.floorMod(mix(instanceId.hashCode()), nodes.size()));
    }

    boolean owns(String instanceId) {
        return owner(instanceId).equals(node);
    }

    /** Spreads similar ids (the murmur3 finalizer). */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    void close() {
        if (shared && registered) {
            try {
                store.leave(node);
            } catch (RuntimeException e) {
                LOG.debug("health checks: leaving the probing nodes: {}", dev.romalocal.store.Redact.describe(e));
            }
        }
    }
}
