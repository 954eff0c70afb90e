package dev.romalocal;

import dev.romalocal.api.HttpApi;
import dev.romalocal.api.Wiring;
import dev.romalocal.config.Settings;
import dev.romalocal.health.HealthProber;
import dev.romalocal.iam.Authenticator;
import dev.romalocal.audit.AuditStore;
import dev.romalocal.audit.AuditTrail;
import dev.romalocal.iam.Authorizer;
import dev.romalocal.iam.GrantStore;
import dev.romalocal.iam.Permissions;
import dev.romalocal.iam.IamService;
import dev.romalocal.iam.IamStore;
import dev.romalocal.iam.KeyService;
import dev.romalocal.iam.KeyStore;
import dev.romalocal.iam.PolicyService;
import dev.romalocal.iam.PolicyStore;
import dev.romalocal.iam.ProjectDirectory;
import dev.romalocal.iam.SecretSealer;
import dev.romalocal.iam.UserService;
import dev.romalocal.iam.UserStore;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.instance.SubnetStore;
import dev.romalocal.instance.Seeder;
import dev.romalocal.instance.view.InstanceViews;
import dev.romalocal.lifecycle.LifecycleEngine;
import dev.romalocal.lifecycle.LifecycleService;
import dev.romalocal.lifecycle.SimClock;
import dev.romalocal.lifecycle.TaskStore;
import dev.romalocal.lifecycle.Transitions;
import dev.romalocal.snapshot.Snapshots;
import dev.romalocal.metrics.Metrics;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import dev.romalocal.store.MasterKey;
import dev.romalocal.store.Redact;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The entry point for the CLI, tests and embedders: {@code RomaLocal.start(settings)} opens the store, applies the
 * built-in identity and the seed file, and serves the API; {@link #port()} tells where; {@link #close()} stops it.
 */
public final class RomaLocal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RomaLocal.class);
    /** How long after listening the server starts its deferred background work (see {@link #start}). */
    private static final long BACKGROUND_DELAY_MS = 250;
    /** This process, as the instance history names it: pid@host. */
    private static final String NODE = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

    private final Settings settings;
    private final Database database;
    private final ChangeFeed feed;
    private final LifecycleEngine engine;
    private final Vertx vertx;
    private final HttpApi api;
    private final IamService.BuiltIn identity;
    private final IamService iam;
    private final int port;
    private final AuditTrail audit;
    private final HealthProber prober;
    private final Metrics metrics;
    private final LifecycleService lifecycle;
    private final SimClock simClock;
    private volatile boolean closed;

    private RomaLocal(Settings settings, Database database, ChangeFeed feed, LifecycleEngine engine, Vertx vertx,
                      HttpApi api, IamService iam, IamService.BuiltIn identity, int port, AuditTrail audit,
                      HealthProber prober, Metrics metrics, LifecycleService lifecycle, SimClock simClock) {
        this.settings = settings;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.simClock = simClock;
        this.prober = prober;
        this.audit = audit;
        this.database = database;
        this.feed = feed;
        this.engine = engine;
        this.vertx = vertx;
        this.api = api;
        this.identity = identity;
        this.iam = iam;
        this.port = port;
    }

    public static RomaLocal start(Settings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** Starts with a given wall clock (tests use it to expire tokens and skew signatures). */
    public static RomaLocal start(Settings settings, Clock clock) {
        return start(settings, clock, null);
    }

    /**
     * Starts after replacing the store's whole state with a snapshot document ({@code serve --snapshot}); the
     * configured identity and the seed file are applied on top of it, as on every start.
     */
    public static RomaLocal start(Settings settings, Clock clock, java.nio.file.Path snapshot) {
        long t0 = System.nanoTime();
        Settings.Store st = settings.store();
        Metrics metrics = new Metrics();
        Database db;
        try {
            db = Database.open(st.dataDir(), st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword(), st.poolSize(),
                    metrics.registry());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        long tStore = System.nanoTime();
        Vertx vertx = null;
        LifecycleEngine engine = null;
        ChangeFeed feed = null;
        AuditTrail audit = null;
        HealthProber prober = null;
        try {
            feed = db.dialect() == Database.Dialect.POSTGRES
                    ? ChangeFeed.postgres(db, st.jdbcUrl(), st.jdbcUser(), st.jdbcPassword()) : ChangeFeed.local();
            SecretSealer sealer = new SecretSealer(MasterKey.load(st.masterKey(), st.dataDir()));
            Snapshots snapshots = new Snapshots(db.jdbi(), db.dialect(), feed, sealer);
            if (snapshot != null) {
                Snapshots.Imported imported = snapshots.importFrom(Snapshots.file(snapshot));
                LOG.info("loaded snapshot {}: {} instance(s), {} history entries", snapshot,
                        imported.rows("instances"), imported.rows("instance_events"));
            }
            IamStore iamStore = new IamStore(db.jdbi(), feed);
            GrantStore grantStore = new GrantStore(db.jdbi(), feed);
            IamService iam = new IamService(iamStore, grantStore, sealer, clock, settings.identity().tokenTtl());
            IamService.BuiltIn identity = iam.bootstrap(settings.identity());
            long tIdentity = System.nanoTime();
            Authenticator authenticator = new Authenticator(iamStore, sealer, clock, feed);
            ProjectDirectory projects = new ProjectDirectory(iamStore, feed);
            Permissions permissions = new Permissions(grantStore, feed);
            Authorizer authorizer = new Authorizer(projects, permissions,
                    settings.identity().accessMode());
            PolicyService policies = new PolicyService(new PolicyStore(db.jdbi(), feed), clock);
            KeyService keys = new KeyService(new KeyStore(db.jdbi(), feed), iamStore, sealer, authorizer, clock);
            Settings.Lifecycle lc = settings.lifecycle();
            SimClock simClock = new SimClock(db.jdbi(), clock, feed);
            InstanceService instances = new InstanceService(new InstanceStore(db.jdbi(), feed),
                    new SubnetStore(db.jdbi()), simClock,
                    projectId -> projects.find(projectId).map(IamStore.ProjectRow::name).orElse("region"), NODE);
            InstanceViews views = new InstanceViews(instances, st.cacheMegabytes() * 1024L * 1024L);
            lc.subnets().forEach(instances.subnets()::register);
            TaskStore tasks = new TaskStore(db.jdbi(), feed);
            engine = new LifecycleEngine(instances, tasks, simClock, lc.workers(), lc.pollMillis());
            engine.instrument(metrics.registry());
            metrics.gauge("roma.local.lifecycle.tasks", "operations in progress (one task each), due or not",
                    tasks, TaskStore::countAll);
            metrics.gauge("roma.local.lifecycle.tasks.due", "operations whose next step is due now: waiting for a "
                    + "worker", tasks, t -> t.countDue(simClock.now()));
            metrics.caches(authenticator.caches());
            metrics.caches(projects.caches());
            metrics.caches(permissions.caches());
            metrics.caches(views.caches());
            LifecycleService lifecycle = new LifecycleService(instances, tasks, simClock, engine, lc.profile(),
                    lc.instanceQuota());
            // Live listener health checks: their due probes settle with every clock advance.
            prober = new HealthProber(instances, new Transitions(instances, tasks), simClock, db.jdbi(),
                    db.dialect() == Database.Dialect.POSTGRES, lc.healthChecks(), NODE);
            lifecycle.afterAdvance(prober::settle);
            Seeder seeder = new Seeder(instances);
            if (settings.seedFile() != null) {
                int n = seeder.apply(settings.seedFile(), identity.userId());
                LOG.info("seeded {} instance(s) from {}", n, settings.seedFile());
            }
            int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
            // Worker tasks may legitimately run for minutes (a seed of 100,000 documents): warn only past that.
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
                    .setWorkerPoolSize(Math.max(8, st.poolSize() * 2))
                    .setMaxWorkerExecuteTime(10).setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES));
            engine.start();
            prober.start();
            UserService users = new UserService(new UserStore(db.jdbi(), feed), iamStore, grantStore, sealer,
                    iam.passwordChecks(), clock, settings.identity().projectName(), identity.domainId());
            audit = new AuditTrail(new AuditStore(db.jdbi()), clock, settings.identity().auditRetention());
            HttpApi api = Wiring.api(vertx, authenticator, authorizer, instances, views, lifecycle, iam, users,
                    policies, keys, seeder, settings.seedFile(),
                    db.dialect() == Database.Dialect.H2 ? "h2" : "postgresql", settings.http().maxBodyBytes(), audit,
                    prober, snapshots, metrics);
            int port = api.listen(settings.http().host(), settings.http().port(), eventLoops)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long tEnd = System.nanoTime();
            // What no request but a password login or a metrics scrape needs starts a little after the server
            // listens, so that it does not take the CPU from the first requests (on one core the admin password's
            // PBKDF2 delayed the first answer by ~0.1 s); a login or a scrape starts it at once and waits for it.
            vertx.setTimer(BACKGROUND_DELAY_MS, timer -> {
                iam.applyPasswordInBackground();
                metrics.bindJvmInBackground();
            });
            // Expired tokens are kept until they can no longer be validated, then removed: hourly, off the event loop.
            Vertx v = vertx;
            v.setPeriodic(60_000, 3_600_000, timer -> v.executeBlocking(iam::purgeExpiredTokens, false)
                    .onSuccess(n -> {
                        if (n > 0) {
                            LOG.info("removed {} expired token(s)", n);
                        }
                    }));
            // Temporary access keys expired for a day are removed the same way.
            v.setPeriodic(90_000, 3_600_000, timer -> v.executeBlocking(keys::purgeExpired, false)
                    .onSuccess(n -> {
                        if (n > 0) {
                            LOG.info("removed {} expired temporary access key(s)", n);
                        }
                    }));
            LOG.info("listening on http://{}:{} ({} event loop(s), store {}, Java {}); started in {} ms since the JVM "
                            + "began (store {} ms, identity {} ms, the rest {} ms)", settings.http().host(), port,
                    eventLoops, db.description(), Runtime.version(),
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
                    (tStore - t0) / 1_000_000, (tIdentity - tStore) / 1_000_000, (tEnd - tIdentity) / 1_000_000);
            String clockNotice = simClock.notice();
            if (clockNotice != null) {
                // The clock lives in the store: a pause (or an advance) survives a restart. Say so.
                LOG.warn("{}", clockNotice);
            }
            return new RomaLocal(settings, db, feed, engine, vertx, api, iam, identity, port, audit, prober, metrics,
                    lifecycle, simClock);
        } catch (Exception e) {
            if (prober != null) {
                prober.close();
            }
            if (feed != null) {
                feed.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (engine != null) {
                engine.close();
            }
            if (audit != null) {
                audit.close();
            }
            db.close();
            metrics.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot start: " + e.getMessage(), e);
        }
    }

    /** The port the API listens on (the real one when 0 was asked for). */
    public int port() {
        return port;
    }

    /** {@code http://host:port}. */
    public String endpoint() {
        return "http://" + settings.http().host() + ":" + port;
    }

    public IamService.BuiltIn identity() {
        return identity;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * What the lifecycle clock does when it does not run at wall time (paused or offset: it lives in the store, so
     * it survives a restart), with how to get back; null at wall time. The start banner prints it.
     */
    public String clockNotice() {
        simClock.refresh();
        return simClock.notice();
    }

    /** Returns the lifecycle clock to wall time, running ({@code serve --wall-clock}). */
    public void clockToWallTime() {
        lifecycle.clockToWallTime();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            iam.settlePasswordStep();
        } catch (RuntimeException e) {
            LOG.warn("the admin password was not applied: {}", Redact.describe(e));
        }
        try {
            api.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", Redact.describe(e));
        } finally {
            prober.close();
            engine.close();
            audit.close();
            feed.close();
            database.close();
            metrics.close();
        }
        LOG.info("stopped");
    }
}
