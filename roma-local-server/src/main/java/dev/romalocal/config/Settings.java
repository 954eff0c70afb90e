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

    /**
     * A builder starting from the command line's defaults ({@link #defaults()}: what {@code roma-local serve} uses
     * with no flag and no {@code ROMA_LOCAL_*} variable): {@code Settings.builder().port(0).dataDir(dir).build()}.
     */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds {@link Settings} one value at a time; every value not set keeps its default (the command line's, see
     * README "Configuration"). Each method is named after the flag it mirrors.
     */
    public static final class Builder {
        private String host;
        private int port;
        private int maxBodyBytes;
        private Path dataDir;
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private int poolSize;
        private String masterKey;
        private int cacheMegabytes;
        private String domainName;
        private String projectId;
        private String projectName;
        private String adminUser;
        private String adminPassword;
        private String accessKey;
        private String secretKey;
        private Duration tokenTtl;
        private AccessMode accessMode;
        private Duration auditRetention;
        private String lifecycleProfile;
        private int instanceQuota;
        private final java.util.Map<String, String> subnets = new java.util.LinkedHashMap<>();
        private int workers;
        private long pollMillis;
        private boolean healthChecks;
        private Path seedFile;

        private Builder(Settings s) {
            host = s.http().host();
            port = s.http().port();
            maxBodyBytes = s.http().maxBodyBytes();
            dataDir = s.store().dataDir();
            jdbcUrl = s.store().jdbcUrl();
            jdbcUser = s.store().jdbcUser();
            jdbcPassword = s.store().jdbcPassword();
            poolSize = s.store().poolSize();
            masterKey = s.store().masterKey();
            cacheMegabytes = s.store().cacheMegabytes();
            domainName = s.identity().domainName();
            projectId = s.identity().projectId();
            projectName = s.identity().projectName();
            adminUser = s.identity().adminUser();
            adminPassword = s.identity().adminPassword();
            accessKey = s.identity().accessKey();
            secretKey = s.identity().secretKey();
            tokenTtl = s.identity().tokenTtl();
            accessMode = s.identity().accessMode();
            auditRetention = s.identity().auditRetention();
            lifecycleProfile = s.lifecycle().profile();
            instanceQuota = s.lifecycle().instanceQuota();
            subnets.putAll(s.lifecycle().subnets());
            workers = s.lifecycle().workers();
            pollMillis = s.lifecycle().pollMillis();
            healthChecks = s.lifecycle().healthChecks();
            seedFile = s.seedFile();
        }

        /** {@code --host}: the address to listen on. */
        public Builder host(String v) {
            host = java.util.Objects.requireNonNull(v, "host");
            return this;
        }

        /** {@code --port}: 0 picks a free port ({@code RomaLocal.port()} tells which). */
        public Builder port(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("port must be 0-65535: " + v);
            }
            port = v;
            return this;
        }

        /** The default body limit of a route, in bytes. */
        public Builder maxBodyBytes(int v) {
            maxBodyBytes = positive("maxBodyBytes", v);
            return this;
        }

        /** {@code --data-dir}: the H2 store and the master key file. */
        public Builder dataDir(Path v) {
            dataDir = java.util.Objects.requireNonNull(v, "dataDir");
            return this;
        }

        /** {@code --jdbc-url}, {@code --jdbc-user}, {@code --jdbc-password}: PostgreSQL instead of H2. */
        public Builder jdbc(String url, String user, String password) {
            jdbcUrl = url;
            jdbcUser = user;
            jdbcPassword = password;
            return this;
        }

        /** {@code --jdbc-url}; null: the embedded H2 store. */
        public Builder jdbcUrl(String v) {
            jdbcUrl = v;
            return this;
        }

        public Builder jdbcUser(String v) {
            jdbcUser = v;
            return this;
        }

        public Builder jdbcPassword(String v) {
            jdbcPassword = v;
            return this;
        }

        /** {@code --db-pool-size}. */
        public Builder poolSize(int v) {
            poolSize = positive("poolSize", v);
            return this;
        }

        /** {@code --master-key}: base64 of 32 bytes; null: {@code <data-dir>/master.key}. */
        public Builder masterKey(String v) {
            masterKey = v;
            return this;
        }

        /** {@code --cache-mb}. */
        public Builder cacheMegabytes(int v) {
            cacheMegabytes = notNegative("cacheMegabytes", v);
            return this;
        }

        /** {@code --domain}: the built-in account's name. */
        public Builder domainName(String v) {
            domainName = java.util.Objects.requireNonNull(v, "domainName");
            return this;
        }

        /** {@code --project-id}. */
        public Builder projectId(String v) {
            projectId = java.util.Objects.requireNonNull(v, "projectId");
            return this;
        }

        /** {@code --project-name} (the project's region). */
        public Builder projectName(String v) {
            projectName = java.util.Objects.requireNonNull(v, "projectName");
            return this;
        }

        /** {@code --admin-user}, {@code --admin-password}. */
        public Builder admin(String user, String password) {
            adminUser = java.util.Objects.requireNonNull(user, "adminUser");
            adminPassword = java.util.Objects.requireNonNull(password, "adminPassword");
            return this;
        }

        /** {@code --access-key}, {@code --secret-key}: the built-in admin's AK/SK. */
        public Builder accessKey(String ak, String sk) {
            accessKey = java.util.Objects.requireNonNull(ak, "accessKey");
            secretKey = java.util.Objects.requireNonNull(sk, "secretKey");
            return this;
        }

        /** {@code --token-ttl}. */
        public Builder tokenTtl(Duration v) {
            tokenTtl = java.util.Objects.requireNonNull(v, "tokenTtl");
            return this;
        }

        /** {@code --access-mode}. */
        public Builder accessMode(AccessMode v) {
            accessMode = java.util.Objects.requireNonNull(v, "accessMode");
            return this;
        }

        /** {@code --audit-retention}. */
        public Builder auditRetention(Duration v) {
            auditRetention = java.util.Objects.requireNonNull(v, "auditRetention");
            return this;
        }

        /** {@code --lifecycle-profile}: {@code instant}, {@code fast}, {@code realistic} or seconds per step. */
        public Builder lifecycleProfile(String v) {
            lifecycleProfile = java.util.Objects.requireNonNull(v, "lifecycleProfile");
            return this;
        }

        /** {@code --instance-quota}. */
        public Builder instanceQuota(int v) {
            instanceQuota = notNegative("instanceQuota", v);
            return this;
        }

        /** {@code --subnet ID=CIDR}: adds one known subnet. */
        public Builder subnet(String id, String cidr) {
            subnets.put(java.util.Objects.requireNonNull(id, "subnet id"), java.util.Objects.requireNonNull(cidr));
            return this;
        }

        /** {@code --workers}: lifecycle worker threads. */
        public Builder workers(int v) {
            workers = positive("workers", v);
            return this;
        }

        /** How often the lifecycle workers look for work other nodes created, in milliseconds. */
        /** Live listener health checks for every instance that does not say otherwise (off by default). */
        public Builder healthChecks(boolean v) {
            healthChecks = v;
            return this;
        }

        public Builder pollMillis(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("pollMillis must be >= 1: " + v);
            }
            pollMillis = v;
            return this;
        }

        /** {@code --seed}: a JSON or YAML list of instance documents upserted at start and on reset. */
        public Builder seedFile(Path v) {
            seedFile = v;
            return this;
        }

        public Settings build() {
            return new Settings(new Http(host, port, maxBodyBytes),
                    new Store(dataDir, jdbcUrl, jdbcUser, jdbcPassword, poolSize, masterKey, cacheMegabytes),
                    new Identity(domainName, projectId, projectName, adminUser, adminPassword, accessKey, secretKey,
                            tokenTtl, accessMode, auditRetention),
                    new Lifecycle(lifecycleProfile, instanceQuota,
                            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subnets)), workers,
                            pollMillis, healthChecks),
                    seedFile);
        }

        private static int positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + v);
            }
            return v;
        }

        private static int notNegative(String name, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must be >= 0: " + v);
            }
            return v;
        }
    }
}
