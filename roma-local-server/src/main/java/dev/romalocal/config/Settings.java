package dev.romalocal.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything ROMA Local can be configured with, grouped by concern. Built by the CLI (flags, then
 * {@code ROMA_LOCAL_*} environment variables, then these defaults) or directly by tests and embedders.
 */
public record Settings(Http http, Store store, Identity identity, Lifecycle lifecycle, Path seedFile) {

    /** Where the server listens. Port 0 picks a free port. */
    public record Http(String host, int port, int maxBodyBytes) {
    }

    /**
     * The store: H2 under {@code dataDir} unless {@code jdbcUrl} names PostgreSQL; and how many MiB of prepared
     * instance views the read cache may hold.
     */
    public record Store(Path dataDir, String jdbcUrl, String jdbcUser, String jdbcPassword, int poolSize,
                        String masterKey, int cacheMegabytes) {
    }

    /**
     * The built-in identity, (re)applied at every start: one account (domain), one project, one admin user with a
     * password and one AK/SK pair, and how long issued tokens live.
     */
    public record Identity(String domainName, String projectId, String projectName, String adminUser,
                           String adminPassword, String accessKey, String secretKey, Duration tokenTtl,
                           AccessMode accessMode, Duration auditRetention) {
    }

    /**
     * How permissions are applied: {@code ENFORCE} refuses what no policy allows; {@code SOFT} logs what it would
     * refuse and allows it; {@code OFF} checks neither permissions nor a credential's project scope (any valid
     * credential of an account may act on the account's projects). Accounts stay isolated in every mode.
     */
    public enum AccessMode { ENFORCE, SOFT, OFF }

    /**
     * Instances and their lifecycle: the default step profile (instant, fast, realistic or seconds per step), the
     * per-project instance quota of the create APIs, known subnets (id → CIDR), the workers that advance
     * operations (threads per node, and how often they look for work other nodes created), and whether the live
     * listener health checks probe instances that do not say ({@code --health-checks}; off by default).
     */
    public record Lifecycle(String profile, int instanceQuota, java.util.Map<String, String> subnets, int workers,
                            long pollMillis, boolean healthChecks) {
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9090;
    public static final String DEFAULT_DATA_DIR = "data";
    public static final String DEFAULT_DOMAIN = "roma-local";
    public static final String DEFAULT_PROJECT_ID = "0123456789abcdef0123456789abcdef";
    public static final String DEFAULT_PROJECT_NAME = "cn-north-4";
    public static final String DEFAULT_ADMIN_USER = "admin";
    public static final String DEFAULT_ADMIN_PASSWORD = "roma-local-admin";
    public static final String DEFAULT_ACCESS_KEY = "ROMALOCALACCESSKEY01";
    public static final String DEFAULT_SECRET_KEY = "romalocal-secret-key-0000000000000000000";
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(7);

    public static Settings defaults() {
        return new Settings(
                new Http(DEFAULT_HOST, DEFAULT_PORT, 1024 * 1024),
                new Store(Path.of(DEFAULT_DATA_DIR), null, "postgres", "", 10, null, DEFAULT_CACHE_MB),
                new Identity(DEFAULT_DOMAIN, DEFAULT_PROJECT_ID, DEFAULT_PROJECT_NAME, DEFAULT_ADMIN_USER,
                        DEFAULT_ADMIN_PASSWORD, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_TOKEN_TTL,
                        AccessMode.ENFORCE, DEFAULT_AUDIT_RETENTION),
                new Lifecycle("fast", DEFAULT_INSTANCE_QUOTA, java.util.Map.of(), 2, 1000, false),
                null);
    }

    public static final int DEFAULT_INSTANCE_QUOTA = 100;
    public static final int DEFAULT_CACHE_MB = 16;

    public Settings withHttp(Http v) {
        return new Settings(v, store, identity, lifecycle, seedFile);
    }

    public Settings withStore(Store v) {
        return new Settings(http, v, identity, lifecycle, seedFile);
    }

    public Settings withIdentity(Identity v) {
        return new Settings(http, store, v, lifecycle, seedFile);
    }

    public Settings withLifecycle(Lifecycle v) {
        return new Settings(http, store, identity, v, seedFile);
    }

    public Settings withSeedFile(Path v) {
        return new Settings(http, store, identity, lifecycle, v);
    }


    /** Convenience for tests and embedders: listen on {@code port} (0 = any free port). */
    public Settings withPort(int port) {
        return withHttp(new Http(http.host(), port, http.maxBodyBytes()));
    }

    /** Convenience: live listener health checks on (or off) for instances that do not say. */
    public Settings withHealthChecks(boolean on) {
        Lifecycle l = lifecycle;
        return withLifecycle(new Lifecycle(l.profile(), l.instanceQuota(), l.subnets(), l.workers(), l.pollMillis(),
                on));
    }

    /** Convenience: the embedded H2 store under {@code dir}. */
    public Settings withDataDir(Path dir) {
        return withStore(new Store(dir, store.jdbcUrl(), store.jdbcUser(), store.jdbcPassword(), store.poolSize(),
                store.masterKey(), store.cacheMegabytes()));
    }

    /** Convenience: PostgreSQL (or another JDBC URL) instead of the embedded store. */
    public Settings withJdbc(String url, String user, String password) {
        return withStore(new Store(store.dataDir(), url, user, password, store.poolSize(), store.masterKey(),
                store.cacheMegabytes()));
    }
}
