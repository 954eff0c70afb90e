package dev.romalocal.health;

import dev.romalocal.instance.Action;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.lifecycle.SimClock;
import dev.romalocal.lifecycle.Transitions;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Live listener health checks (an extension, off by default): probes each listener's backends with the instance's
 * own settings ({@link ListenerCheck}) and turns what it sees into the instance's status through the lifecycle's
 * one transitions owner. After {@code unhealthy} consecutive failures of every backend of a listener, a Running
 * instance becomes Unhealthy ({@link Transitions#healthFailed}, with a history entry naming the listener and its
 * backends); when each listener has a backend that passes again, an instance the checks made Unhealthy is Running
 * again ({@link Transitions#healthRestored}). What each status allows is {@link Action}'s: only an idle instance
 * that {@code unhealthy} or {@code healthy} may act on is probed (Running or Unhealthy, no operation in progress).
 *
 * <p>Which instances: those whose {@code live_health_checks} is true, or absent when the server runs with
 * {@code --health-checks}, that have a listener with a health check. The work list is kept in memory: loaded once
 * at start (a text-filtered scan), then only the instances the change feed names are read again, in batches; a
 * probe never touches the database, only a status change does (one transaction, under the instance's row lock,
 * only if the instance is still the version probed).
 *
 * <p>When: on the lifecycle clock ({@link SimClock}). A backend is due every {@code interval} seconds of lifecycle
 * time, the first time as soon as it is known; a probe that comes after several intervals (the clock jumped) stands
 * for all of them, so a backend down for {@code unhealthy × interval} is unhealthy however the clock got there.
 * {@link #settle} runs every due probe before a clock advance answers. A probe's own time limit is real time:
 * {@code timeout} seconds, at most {@value #MAX_PROBE_MILLIS} ms.
 *
 * <p>Bounds: probes run on a pool of {@value #CONCURRENCY} threads (never an event loop), at most
 * {@value #MAX_PROBES_PER_TICK} per round, the longest-due first. With several nodes on one PostgreSQL database each
 * probes its share of the instances ({@link NodeShare}).
 */
public final class HealthProber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);
    static final int CONCURRENCY = 8;
    static final int MAX_PROBES_PER_TICK = 64;
    static final int MAX_PROBE_MILLIS = 2_000;
    static final long LOOP_MILLIS = 250;
    /** More changed instances than this at once: read them all again (one scan) rather than by id. */
    static final int FULL_RELOAD_OVER = 2_000;
    private static final int BATCH = 500;
    private static final long SETTLE_MILLIS = 60_000;

    /** One backend's probe state; it carries over reloads while the listener is probed the same way. */
    static final class BackendState {
        final String ip;
        final int port;
        volatile int failures;
        volatile Boolean lastUp;
        volatile String lastError;
        volatile Long lastAt;
        volatile long nextDue;
        volatile long probes;
        /** The last round in which this node was to probe it (its instance probeable and this node's). */
        long round = -1;

        BackendState(String ip, int port, long firstDue) {
            this.ip = ip;
            this.port = port;
            this.nextDue = firstDue;
        }

        String address() {
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        }
    }

    /** A listener's check and its backends' states (none when it is not probed). */
    record ListenerState(ListenerCheck check, List<BackendState> backends) {
        boolean down() {
            return check.probed() && !backends.isEmpty()
                    && backends.stream().allMatch(b -> b.failures >= check.unhealthy());
        }

        boolean hasUpBackend() {
            return backends.stream().anyMatch(b -> Boolean.TRUE.equals(b.lastUp) && b.failures == 0);
        }
    }

    /** An instance on the work list, as of its stored {@code version}. */
    record Watched(Instance instance, long version, boolean probeable, List<ListenerState> listeners) {
        String id() {
            return instance.id();
        }
    }

    private final InstanceService instances;
    private final InstanceStore instanceStore;
    private final Transitions transitions;
    private final SimClock clock;
    private final HealthStore store;
    private final NodeShare share;
    private final boolean serverDefault;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile boolean fullReload = true;
    private final ReentrantLock round = new ReentrantLock();
    private final ExecutorService pool;
    private final Object signal = new Object();
    private final AtomicInteger probesRun = new AtomicInteger();
    private volatile boolean running;
    private Thread loop;
    private volatile long lastWarning;
    /** Rounds so far (under {@link #round}). */
    private long rounds;

    /**
     * @param serverDefault {@code --health-checks}: whether instances that do not say are probed
     * @param shared        several nodes may share the store (PostgreSQL): take a share of the work
     * @param node          this process, as the history names it; a random suffix tells two in one process apart
     */
    public HealthProber(InstanceService instances, Transitions transitions, SimClock clock,
                        org.jdbi.v3.core.Jdbi jdbi, boolean shared, boolean serverDefault, String node) {
        this.instances = instances;
        this.instanceStore = instances.store();
        this.transitions = transitions;
        this.clock = clock;
        this.store = new HealthStore(jdbi);
        this.share = new NodeShare(store, node + "#" + UUID.randomUUID().toString().substring(0, 6), shared);
        this.serverDefault = serverDefault;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(CONCURRENCY, r -> {
            Thread t = new Thread(r, "health-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ChangeFeed feed = instanceStore.feed();
        feed.onChange(ChangeFeed.Kind.INSTANCE, dirty::add);
        feed.onChange(ChangeFeed.Kind.ALL_INSTANCES, k -> fullReload = true);
        feed.onReset(() -> fullReload = true);
    }

    public void start() {
        running = true;
        loop = new Thread(this::work, "health-prober");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void close() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        if (loop != null) {
            try {
                loop.join(MAX_PROBE_MILLIS + 3_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdownNow();
        share.close();
    }

    /** Whether instances that do not say are probed ({@code --health-checks}). */
    public boolean serverDefault() {
        return serverDefault;
    }

    /** How many probes this node has run (tests: none while the checks are off). */
    public int probesRun() {
        return probesRun.get();
    }

    private void work() {
        while (running) {
            try {
                round.lock();
                try {
                    reload();
                    share.refresh(!watched.isEmpty());
                    tick();
                } finally {
                    round.unlock();
                }
            } catch (RuntimeException e) {
                warn("health checks: a round failed ({})", e);
            }
            synchronized (signal) {
                if (running) {
                    try {
                        signal.wait(LOOP_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Runs this node's due probes, and the status changes they lead to, until none is due at the clock's time:
     * what a clock advance needs before it answers. Waits for a round in progress.
     */
    public void settle() {
        if (!running) {
            return;
        }
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000L;
        round.lock();
        try {
            reload();
            share.refresh(!watched.isEmpty());
            while (tick() > 0 && System.nanoTime() < deadline) {
                reload();
            }
            reload();
        } finally {
            round.unlock();
        }
    }

    // --- the work list ---------------------------------------------------------------------------------------

    /** Reads again what changed: everything after a start or reset, else the instances the feed named. */
    private void reload() {
        boolean optedInOnly = !serverDefault;
        if (fullReload) {
            fullReload = false;
            dirty.clear();
            try {
                Map<String, Watched> next = new HashMap<>();
                for (InstanceStore.Stored s : store.candidates(optedInOnly)) {
                    Watched w = watch(s, watched.get(s.instance().id()));
                    if (w != null) {
                        next.put(w.id(), w);
                    }
                }
                watched.keySet().retainAll(next.keySet());
                watched.putAll(next);
            } catch (RuntimeException e) {
                fullReload = true;
                throw e;
            }
            return;
        }
        if (dirty.isEmpty()) {
            return;
        }
        // Taken out before the read: a change committed after it names the instance again.
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
            ids.add(it.next());
            it.remove();
        }
        if (ids.size() > FULL_RELOAD_OVER) {
            fullReload = true;
            reload();
            return;
        }
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH));
            Map<String, InstanceStore.Stored> found = new HashMap<>();
            try {
                store.candidates(chunk, optedInOnly).forEach(s -> found.put(s.instance().id(), s));
            } catch (RuntimeException e) {
                dirty.addAll(ids.subList(from, ids.size()));
                throw e;
            }
            for (String id : chunk) {
                InstanceStore.Stored s = found.get(id);
                Watched w = s == null ? null : watch(s, watched.get(id));
                if (w == null) {
                    watched.remove(id);
                } else {
                    watched.put(id, w);
                }
            }
        }
    }

    private boolean enabled(Instance i) {
        return i.liveHealthChecks() != null ? i.liveHealthChecks() : serverDefault;
    }

    /** What the live checks do with an idle Running or Unhealthy instance; nothing with any other. */
    private static boolean probeable(Instance i) {
        return Action.UNHEALTHY.allows(i) || Action.HEALTHY.allows(i);
    }

    /**
     * The work-list entry of a stored instance (null: nothing to probe). Backend states carry over from
     * {@code before} while the instance stays probeable and a listener is probed the same way; an instance that
     * becomes probeable again (after an operation, say) starts afresh.
     */
    private Watched watch(InstanceStore.Stored s, Watched before) {
        Instance i = s.instance();
        if (!enabled(i)) {
            return null;
        }
        List<ListenerCheck> checks = ListenerCheck.of(i);
        if (checks.stream().noneMatch(ListenerCheck::probed)) {
            return null;
        }
        boolean probeable = probeable(i);
        boolean keep = before != null && before.probeable() && probeable;
        long now = clock.now();
        List<ListenerState> listeners = new ArrayList<>(checks.size());
        for (ListenerCheck c : checks) {
            if (!c.probed()) {
                listeners.add(new ListenerState(c, List.of()));
                continue;
            }
            Optional<ListenerState> same = keep ? before.listeners().stream()
                    .filter(l -> l.check().probed() && l.check().sameProbesAs(c)).findFirst() : Optional.empty();
            List<BackendState> backends = same.map(ListenerState::backends).orElseGet(() -> c.ips().stream()
                    .map(ip -> new BackendState(ip, c.checkPort(), now)).toList());
            listeners.add(new ListenerState(c, backends));
        }
        return new Watched(i, s.version(), probeable, List.copyOf(listeners));
    }

    // --- probing ---------------------------------------------------------------------------------------------

    private record Due(Watched watched, ListenerState listener, BackendState backend) {
    }

    /** One round: this node's due probes (at most {@value #MAX_PROBES_PER_TICK}), then their consequences. */
    private int tick() {
        long now = clock.now();
        long thisRound = ++rounds;
        List<Due> due = new ArrayList<>();
        for (Watched w : watched.values()) {
            if (!w.probeable() || !share.owns(w.id())) {
                continue;
            }
            for (ListenerState l : w.listeners()) {
                for (BackendState b : l.backends()) {
                    if (b.round != thisRound - 1) {
                        // This node was not probing it last round (another node was, or it was just found): it
                        // starts afresh rather than count intervals it never watched.
                        b.nextDue = Math.max(b.nextDue, now);
                        if (b.round >= 0) {
                            b.failures = 0;
                            b.lastUp = null;
                            b.lastError = null;
                        }
                    }
                    b.round = thisRound;
                    if (b.nextDue <= now) {
                        due.add(new Due(w, l, b));
                    }
                }
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        due.sort(Comparator.comparingLong(d -> d.backend().nextDue));
        List<Due> batch = due.size() > MAX_PROBES_PER_TICK ? due.subList(0, MAX_PROBES_PER_TICK) : due;
        List<Callable<Void>> probes = new ArrayList<>(batch.size());
        for (Due d : batch) {
            probes.add(() -> {
                probe(d.listener().check(), d.backend(), now);
                return null;
            });
        }
        try {
            pool.invokeAll(probes, MAX_PROBE_MILLIS + 5_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        Map<String, Watched> probed = new LinkedHashMap<>();
        batch.forEach(d -> probed.put(d.watched().id(), d.watched()));
        for (Watched w : probed.values()) {
            // The entry may have been read again meanwhile; decide on the newest.
            Watched current = watched.getOrDefault(w.id(), w);
            evaluate(current, now);
        }
        return batch.size();
    }

    /**
     * Probes one backend at lifecycle time {@code now}. The probe stands for every interval that elapsed since the
     * backend was due (at least one): a failure adds them all to the consecutive failures, a success clears them.
     */
    private void probe(ListenerCheck check, BackendState b, long now) {
        long interval = check.intervalSeconds() * 1000L;
        long slots = 1 + Math.max(0, now - b.nextDue) / interval;
        Probe.Result r = Probe.run(check.protocol(), b.ip, b.port,
                (int) Math.min(MAX_PROBE_MILLIS, check.timeoutSeconds() * 1000L));
        probesRun.incrementAndGet();
        b.nextDue = b.nextDue + slots * interval;
        b.lastAt = now;
        b.probes = b.probes + 1;
        b.lastUp = r.up();
        b.lastError = r.error();
        b.failures = r.up() ? 0 : (int) Math.min(1_000_000, b.failures + slots);
    }

    /** Decides whether the instance's status follows what the probes saw; changes it if so. */
    private void evaluate(Watched w, long now) {
        Instance i = w.instance();
        List<ListenerState> probed = w.listeners().stream().filter(l -> l.check().probed()).toList();
        List<ListenerState> down = probed.stream().filter(ListenerState::down).toList();
        if (!down.isEmpty()) {
            if (Action.UNHEALTHY.allows(i)) {
                change(w, true, failure(down), now);
            }
        } else if (Transitions.isHealthCheckFailure(i) && Action.HEALTHY.allows(i)
                && probed.stream().allMatch(ListenerState::hasUpBackend)) {
            change(w, false, recovery(probed), now);
        }
    }

    /** "listener 'l1' (port 80, TCP_CHECK on 8080): every backend failed 3 consecutive checks: 10.0.0.5:8080 ..." */
    private static String failure(List<ListenerState> down) {
        StringBuilder s = new StringBuilder();
        for (ListenerState l : down) {
            ListenerCheck c = l.check();
            s.append(s.isEmpty() ? "" : "; ").append("listener ").append(c.label())
                    .append(c.listenerPort() == null ? "" : " (port " + c.listenerPort() + ")")
                    .append(": every backend failed ").append(c.unhealthy()).append(" consecutive ")
                    .append(c.protocol()).append(" checks: ");
            for (int k = 0; k < l.backends().size(); k++) {
                BackendState b = l.backends().get(k);
                s.append(k == 0 ? "" : ", ").append(b.address())
                        .append(b.lastError == null ? "" : " (" + b.lastError + ")");
            }
        }
        return s.toString();
    }

    /** "health checks pass again: listener 'l1': 10.0.0.5:8080 up" */
    private static String recovery(List<ListenerState> listeners) {
        StringBuilder s = new StringBuilder("health checks pass again: ");
        for (int n = 0; n < listeners.size(); n++) {
            ListenerState l = listeners.get(n);
            s.append(n == 0 ? "" : "; ").append("listener ").append(l.check().label()).append(": ");
            List<String> up = l.backends().stream().filter(b -> Boolean.TRUE.equals(b.lastUp))
                    .map(BackendState::address).toList();
            s.append(String.join(", ", up)).append(" up");
        }
        return s.toString();
    }

    /** The status change, if the instance is still the version probed and its status still allows it. */
    private void change(Watched w, boolean failed, String detail, long now) {
        try {
            instanceStore.transaction(h -> {
                Optional<InstanceStore.Stored> s = instanceStore.find(h, w.id(), true);
                if (s.isEmpty() || s.get().version() != w.version()) {
                    return null; // changed meanwhile: the feed names it, the next round decides again
                }
                Instance current = s.get().instance();
                if (failed) {
                    return Action.UNHEALTHY.allows(current)
                            ? transitions.healthFailed(h, s.get(), "health check failed: " + detail, detail, now)
                            : null;
                }
                return Transitions.isHealthCheckFailure(current) && Action.HEALTHY.allows(current)
                        ? transitions.healthRestored(h, s.get(), detail, now) : null;
            });
        } catch (RuntimeException e) {
            warn("health checks: could not change the status of an instance ({})", e);
        }
    }

    private void warn(String message, RuntimeException e) {
        long now = System.nanoTime();
        if (now - lastWarning > 10_000_000_000L) {
            lastWarning = now;
            LOG.warn(message, Redact.describe(e));
        }
    }

    // --- the view ----------------------------------------------------------------------------------------------

    /**
     * The health view of an instance (404 when it is not in the project): whether it is probed, by which node, and
     * each listener's check and its backends' last results as this node knows them.
     */
    public HealthView view(String projectId, String instanceId) {
        Instance i = instances.get(projectId, instanceId);
        Watched w = watched.get(instanceId);
        boolean enabled = enabled(i);
        String owner = w != null && w.probeable() ? share.owner(instanceId) : null;
        List<HealthView.ListenerView> listeners = new ArrayList<>();
        if (w != null) {
            for (ListenerState l : w.listeners()) {
                listeners.add(HealthView.listener(l.check(), l.check().probed() ? l.down() : null,
                        l.backends().stream().map(b -> HealthView.backend(b, l.check().unhealthy())).toList()));
            }
        } else {
            for (ListenerCheck c : ListenerCheck.of(i)) {
                listeners.add(HealthView.listener(c, null, List.of()));
            }
        }
        return new HealthView(i.id(), i.status().wire(), enabled,
                i.liveHealthChecks() != null ? "instance" : "server", owner != null, owner,
                owner != null && owner.equals(share.node()), share.node(), clock.now(), listeners);
    }

    /** The instances on this node's work list (tests). */
    Collection<Watched> watched() {
        return watched.values();
    }
}
