package dev.romalocal.cli;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.instance.Seeder;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code roma-local serve}: runs the server until interrupted. Every flag falls back to an environment variable
 * {@code ROMA_LOCAL_<NAME>} and then to its default (README, "Configuration").
 */
@CommandLine.Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start the server (embedded H2 store by default).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "${env:ROMA_LOCAL_HOST:-127.0.0.1}",
            description = "Address to listen on (env ROMA_LOCAL_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:ROMA_LOCAL_PORT:-9090}",
            description = "Port to listen on; 0 picks a free one (env ROMA_LOCAL_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:ROMA_LOCAL_DATA_DIR:-data}",
            description = "Directory of the H2 store and the master key (env ROMA_LOCAL_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--jdbc-url", defaultValue = "${env:ROMA_LOCAL_JDBC_URL}",
            description = "Use this database instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/test (env ROMA_LOCAL_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:ROMA_LOCAL_JDBC_USER:-postgres}",
            description = "Database user (env ROMA_LOCAL_JDBC_USER; default ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:ROMA_LOCAL_JDBC_PASSWORD:-}",
            description = "Database password (env ROMA_LOCAL_JDBC_PASSWORD; default empty).")
    String jdbcPassword;

    @Option(names = "--db-pool-size", defaultValue = "${env:ROMA_LOCAL_DB_POOL_SIZE:-10}",
            description = "Database connections (env ROMA_LOCAL_DB_POOL_SIZE; default ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--cache-mb", defaultValue = "${env:ROMA_LOCAL_CACHE_MB:-16}",
            description = "MiB of prepared instance views kept in memory (env ROMA_LOCAL_CACHE_MB; default ${DEFAULT-VALUE}).")
    int cacheMegabytes;

    @Option(names = "--seed", defaultValue = "${env:ROMA_LOCAL_SEED}",
            description = "JSON or YAML list of instance documents to upsert at start (env ROMA_LOCAL_SEED).")
    Path seed;

    @Option(names = "--snapshot", defaultValue = "${env:ROMA_LOCAL_SNAPSHOT}",
            description = "A snapshot document (roma-local snapshot export) that replaces the store's whole state at "
                    + "start; the seed file and the configured identity apply on top (env ROMA_LOCAL_SNAPSHOT).")
    Path snapshot;

    @Option(names = "--lifecycle-profile", defaultValue = "${env:ROMA_LOCAL_LIFECYCLE_PROFILE:-fast}",
            description = "How long lifecycle steps take: instant, fast, realistic or seconds per step "
                    + "(env ROMA_LOCAL_LIFECYCLE_PROFILE; default ${DEFAULT-VALUE}).")
    String lifecycleProfile;

    @Option(names = "--instance-quota", defaultValue = "${env:ROMA_LOCAL_INSTANCE_QUOTA:-100}",
            description = "Instances per project the create APIs allow (env ROMA_LOCAL_INSTANCE_QUOTA; default ${DEFAULT-VALUE}).")
    int instanceQuota;

    @Option(names = "--subnet", split = ",", defaultValue = "${env:ROMA_LOCAL_SUBNETS}",
            description = "A known subnet as ID=CIDR; repeatable or comma-separated (env ROMA_LOCAL_SUBNETS).")
    java.util.List<String> subnets;

    @Option(names = "--workers", defaultValue = "${env:ROMA_LOCAL_WORKERS:-2}",
            description = "Lifecycle worker threads (env ROMA_LOCAL_WORKERS; default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--health-checks", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:ROMA_LOCAL_HEALTH_CHECKS:-false}",
            description = "Probe the backends of every instance's listeners that have a health check and turn what "
                    + "the probes see into Running/Unhealthy; an instance's live_health_checks overrides it "
                    + "(env ROMA_LOCAL_HEALTH_CHECKS; default ${DEFAULT-VALUE}).")
    boolean healthChecks;

    @Option(names = "--token-ttl", defaultValue = "${env:ROMA_LOCAL_TOKEN_TTL:-24h}",
            description = "Lifetime of issued tokens, e.g. 24h, 90m, 3600s (env ROMA_LOCAL_TOKEN_TTL; default ${DEFAULT-VALUE}).")
    String tokenTtl;

    @Option(names = "--domain", defaultValue = "${env:ROMA_LOCAL_DOMAIN:-" + Settings.DEFAULT_DOMAIN + "}",
            description = "Built-in account (domain) name (env ROMA_LOCAL_DOMAIN; default ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--project-id", defaultValue = "${env:ROMA_LOCAL_PROJECT_ID:-" + Settings.DEFAULT_PROJECT_ID + "}",
            description = "Built-in project id (env ROMA_LOCAL_PROJECT_ID; default ${DEFAULT-VALUE}).")
    String projectId;

    @Option(names = "--project-name", defaultValue = "${env:ROMA_LOCAL_PROJECT_NAME:-" + Settings.DEFAULT_PROJECT_NAME + "}",
            description = "Built-in project name, i.e. its region (env ROMA_LOCAL_PROJECT_NAME; default ${DEFAULT-VALUE}).")
    String projectName;

    @Option(names = "--admin-user", defaultValue = "${env:ROMA_LOCAL_ADMIN_USER:-" + Settings.DEFAULT_ADMIN_USER + "}",
            description = "Built-in admin user (env ROMA_LOCAL_ADMIN_USER; default ${DEFAULT-VALUE}).")
    String adminUser;

    @Option(names = "--admin-password", defaultValue = "${env:ROMA_LOCAL_ADMIN_PASSWORD:-" + Settings.DEFAULT_ADMIN_PASSWORD + "}",
            description = "The admin user's password (env ROMA_LOCAL_ADMIN_PASSWORD; default ${DEFAULT-VALUE}).")
    String adminPassword;

    @Option(names = "--access-key", defaultValue = "${env:ROMA_LOCAL_ACCESS_KEY:-" + Settings.DEFAULT_ACCESS_KEY + "}",
            description = "The admin user's access key id (env ROMA_LOCAL_ACCESS_KEY; default ${DEFAULT-VALUE}).")
    String accessKey;

    @Option(names = "--secret-key", defaultValue = "${env:ROMA_LOCAL_SECRET_KEY:-" + Settings.DEFAULT_SECRET_KEY + "}",
            description = "The admin user's secret access key (env ROMA_LOCAL_SECRET_KEY; default ${DEFAULT-VALUE}).")
    String secretKey;

    @Option(names = "--master-key", defaultValue = "${env:ROMA_LOCAL_MASTER_KEY}",
            description = "Base64 of 32 bytes that seals stored secret keys; default: <data-dir>/master.key, "
                    + "created on first start. Nodes sharing a database must share it (env ROMA_LOCAL_MASTER_KEY).")
    String masterKey;

    @Option(names = "--access-mode", defaultValue = "${env:ROMA_LOCAL_ACCESS_MODE:-enforce}",
            converter = AccessModeConverter.class,
            description = "enforce: refuse what no policy allows (403 APIC.7106); soft: log it and allow it; off: "
                    + "any valid credential of an account may act on its projects (env ROMA_LOCAL_ACCESS_MODE; "
                    + "default ${DEFAULT-VALUE}).")
    Settings.AccessMode accessMode;

    @Option(names = "--audit-retention", defaultValue = "${env:ROMA_LOCAL_AUDIT_RETENTION:-7d}",
            description = "How long audit events are kept, e.g. 12h, 7d (env ROMA_LOCAL_AUDIT_RETENTION; default "
                    + "${DEFAULT-VALUE}).")
    String auditRetention;

    @Option(names = "--log-format", defaultValue = "${env:ROMA_LOCAL_LOG_FORMAT:-text}",
            description = "text: one line per event; json: one JSON object per line, for log shippers "
                    + "(env ROMA_LOCAL_LOG_FORMAT; default ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--wall-clock", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:ROMA_LOCAL_WALL_CLOCK:-false}",
            description = "Start with the lifecycle clock at wall time, running: a pause or offset kept in the store "
                    + "from an earlier run is dropped (env ROMA_LOCAL_WALL_CLOCK; default ${DEFAULT-VALUE}).")
    boolean wallClock;

    /** Accepts the mode in any case. */
    static final class AccessModeConverter implements CommandLine.ITypeConverter<Settings.AccessMode> {
        @Override
        public Settings.AccessMode convert(String value) {
            try {
                return Settings.AccessMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of enforce, soft, off");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        useLogFormat();
        RomaLocal server;
        try {
            if (snapshot != null && !java.nio.file.Files.isReadable(snapshot)) {
                System.err.println("roma-local: --snapshot: cannot read " + snapshot);
                return 2;
            }
            server = RomaLocal.start(settings, java.time.Clock.systemUTC(), snapshot);
            if (wallClock) {
                server.clockToWallTime();
            }
        } catch (Seeder.SeedException e) {
            System.err.println("roma-local: cannot apply the seed file: " + e.getMessage());
            return 2;
        } catch (dev.romalocal.error.InvalidParameterException e) {
            System.err.println("roma-local: " + e.parameter() + " " + e.reason());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("roma-local: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "roma-local-shutdown"));
        printBanner(server);
        stopped.await();
        return 0;
    }

    Settings settings() {
        Settings d = Settings.defaults();
        Duration ttl = Durations.parse("--token-ttl", tokenTtl);
        java.util.Map<String, String> known = new java.util.LinkedHashMap<>();
        for (String s : subnets == null ? java.util.List.<String>of() : subnets) {
            int eq = s.indexOf('=');
            if (s.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--subnet: '" + s + "' is not ID=CIDR");
            }
            known.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        if (instanceQuota < 0 || workers < 1 || cacheMegabytes < 0 || poolSize < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--instance-quota and --cache-mb must be >= 0, --workers and --db-pool-size >= 1");
        }
        return new Settings(
                new Settings.Http(host, port, d.http().maxBodyBytes()),
                new Settings.Store(dataDir, blankToNull(jdbcUrl), jdbcUser, jdbcPassword, poolSize,
                        blankToNull(masterKey), cacheMegabytes),
                new Settings.Identity(domain, projectId, projectName, adminUser, adminPassword, accessKey, secretKey,
                        ttl, accessMode, Durations.parse("--audit-retention", auditRetention)),
                new Settings.Lifecycle(lifecycleProfile, instanceQuota, known, workers,
                        d.lifecycle().pollMillis(), healthChecks),
                seed);
    }

    /** Applies {@code --log-format} (the executable's Logback set-up; another binding decides for itself). */
    private void useLogFormat() {
        String format = logFormat == null ? "text" : logFormat.trim().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--log-format: '" + logFormat + "' is not one of text, json");
        }
        try {
            dev.romalocal.logging.LogConfigurator.useFormat(format);
        } catch (LinkageError noLogback) {
            // Not the executable (no Logback on the class path): the binding in use decides.
        }
    }

    private void printBanner(RomaLocal server) {
        java.util.List<String> lines = banner(server);
        if ("json".equalsIgnoreCase(logFormat == null ? "" : logFormat.trim())) {
            // Every stdout line is a JSON object: the banner is one log event.
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class).atInfo()
                    .addKeyValue("endpoint", server.endpoint()).log(String.join("; ", lines));
            return;
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println();
        System.out.flush();
    }

    /** The start banner's lines; a clock that does not run at wall time (kept in the store) is one of them. */
    static java.util.List<String> banner(RomaLocal server) {
        Settings.Identity id = server.settings().identity();
        String password = id.adminPassword().equals(Settings.DEFAULT_ADMIN_PASSWORD)
                ? id.adminPassword() : "(configured, not shown)";
        String secret = id.secretKey().equals(Settings.DEFAULT_SECRET_KEY)
                ? id.secretKey() : "(configured, not shown)";
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of("ROMA Local is ready",
                "  endpoint     " + server.endpoint(),
                "  account      " + id.domainName(),
                "  project id   " + id.projectId() + " (" + id.projectName() + ")",
                "  admin user   " + id.adminUser() + " / " + password,
                "  access key   " + id.accessKey(),
                "  secret key   " + secret));
        String clock = server.clockNotice();
        if (clock != null) {
            lines.add("  clock        " + clock);
        }
        return lines;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
