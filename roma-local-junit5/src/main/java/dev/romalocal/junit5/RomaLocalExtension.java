package dev.romalocal.junit5;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.RomaLocal;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalCredentials;
import dev.romalocal.config.Settings;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * ROMA Local inside JUnit 5 tests: an in-process server on a free port with a store of its own, for each test class
 * or for each test; the state reset before each test; instances put in place before each test; and parameter
 * injection of the endpoint, the credentials, the control client and configured official SDK clients.
 *
 * <pre>{@code
 * @RegisterExtension
 * static RomaLocalExtension roma = RomaLocalExtension.builder()
 *         .pausedClock()                                   // nothing moves until the test advances the clock
 *         .instance("orders-1", "Running", "ROMA_BASIC")    // before each test
 *         .build();
 *
 * @Test
 * void readsIt(RomaClient client, RomaLocalControl control) { ... }
 * }</pre>
 *
 * <p>The server closes (and its store is removed) when its class's tests are done, or after its test for
 * {@link Scope#PER_METHOD}. Register it in a {@code static} field (or use {@link RomaLocalTest @RomaLocalTest}) for one server per class;
 * an instance field works too. Injectable parameters (test, lifecycle and constructor methods): {@link URI} (the
 * endpoint), {@code String} annotated {@link RomaLocalEndpoint @RomaLocalEndpoint}, {@link RomaLocalCredentials},
 * {@link RomaLocalControl}, {@link RomaLocalServer}, {@link RomaLocal}, and, when the Huawei Cloud SDK is on the
 * test class path, {@code RomaClient} (the admin's AK/SK, the built-in project) and {@code IamClient}.
 *
 * <p>Before each test, in this order: the state is reset (when {@link Builder#resetBetweenTests(boolean)}, the
 * default, and the server served an earlier test), the clock is paused or resumed as configured, and the fixtures
 * (the builder's, then {@link RomaInstance @RomaInstance} on the class, then on the method) are seeded in one
 * transaction. A per-class server is shared by the class's tests: run them in one thread (JUnit's default) or use
 * {@link Scope#PER_METHOD}; test classes running in parallel each have their own server.
 */
public class RomaLocalExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    /** How long a server lives. */
    public enum Scope {
        /** One server for every test of the class (and its {@code @Nested} classes). */
        PER_CLASS,
        /** A new server for each test. */
        PER_METHOD
    }

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RomaLocalExtension.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Config fixed;
    private volatile RomaLocalServer current;

    /** The annotation form ({@link RomaLocalTest}): the configuration comes from the test class's annotation. */
    public RomaLocalExtension() {
        this.fixed = null;
    }

    private RomaLocalExtension(Config config) {
        this.fixed = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    // --- accessors (for a static field; parameters are the way for per-method servers run in parallel) ----------

    /** The server of the running test (per class: of the class). */
    public RomaLocalServer server() {
        RomaLocalServer s = current;
        if (s == null || s.isClosed()) {
            throw new IllegalStateException("no ROMA Local server is running for this extension yet (it starts "
                    + "before the first test; inject RomaLocalServer into @BeforeAll methods instead)");
        }
        return s;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return server().endpoint();
    }

    public RomaLocalCredentials credentials() {
        return server().credentials();
    }

    public RomaLocalControl control() {
        return server().control();
    }

    // --- callbacks ---------------------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        Config config = config(context);
        if (config.scope == Scope.PER_CLASS) {
            current = classServer(context, config).server;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Config config = config(context);
        Started started = config.scope == Scope.PER_CLASS ? classServer(context, config) : methodServer(context, config);
        RomaLocalServer server = started.server;
        current = server;
        RomaLocalControl control = server.control();
        boolean used = started.used.getAndSet(true);
        if (used && config.reset) {
            control.reset(); // also returns the clock to wall time
        }
        if (config.pausedClock) {
            control.pauseClock();
        }
        List<Map<String, Object>> fixtures = fixtures(config, context, server.credentials().projectId());
        if (!fixtures.isEmpty()) {
            control.seed(fixtures);
        }
    }

    // --- parameters --------------------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == URI.class || type == RomaLocalCredentials.class || type == RomaLocalControl.class
                || type == RomaLocalServer.class || type == RomaLocal.class
                || (type == String.class && parameter.isAnnotated(RomaLocalEndpoint.class))
                || SdkTypes.isClient(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Config config = config(context);
        RomaLocalServer server;
        if (config.scope == Scope.PER_CLASS) {
            server = classServer(context, config).server;
        } else if (context.getTestMethod().isPresent()) {
            server = methodServer(context, config).server;
        } else {
            throw new ParameterResolutionException("a per-method ROMA Local server exists only for a test: inject "
                    + parameter.getParameter().getType().getSimpleName() + " into the test method or a @BeforeEach "
                    + "method, not into " + parameter.getDeclaringExecutable());
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == URI.class) {
            return server.endpoint();
        }
        if (type == String.class) {
            return server.endpoint().toString();
        }
        if (type == RomaLocalCredentials.class) {
            return server.credentials();
        }
        if (type == RomaLocalControl.class) {
            return server.control();
        }
        if (type == RomaLocalServer.class) {
            return server;
        }
        if (type == RomaLocal.class) {
            return server.server();
        }
        try {
            return server.client(type);
        } catch (LinkageError e) {
            throw new ParameterResolutionException("cannot make a " + type.getName() + ": the Huawei Cloud SDK "
                    + "(huaweicloud-sdk-roma / huaweicloud-sdk-iam 3.1.143) is incomplete on the test class path", e);
        }
    }

    // --- servers -----------------------------------------------------------------------------------------------

    /** A server and whether a test already ran on it. */
    private static final class Started implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final RomaLocalServer server;
        final AtomicBoolean used = new AtomicBoolean();

        Started(RomaLocalServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** The class's server (found in an enclosing class for {@code @Nested} tests), started on first need. */
    private Started classServer(ExtensionContext context, Config config) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Started found = classContext.getStore(NAMESPACE).get(config.key, Started.class);
        if (found != null) {
            return found;
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(config.key, k -> start(config), Started.class);
    }

    /** The test's own server. */
    private Started methodServer(ExtensionContext context, Config config) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(config.key, k -> start(config), Started.class);
    }

    private static Started start(Config config) {
        UnaryOperator<Settings.Builder> settings = b -> {
            if (config.profile != null) {
                b.lifecycleProfile(config.profile);
            }
            return config.settings.apply(b);
        };
        RomaLocalServer.Database db = config.jdbcUrl != null
                ? new RomaLocalServer.Database(config.jdbcUrl, config.jdbcUser, config.jdbcPassword, null,
                config.jdbcUrl)
                : RomaLocalServer.Database.fromSystemProperties();
        return new Started(RomaLocalServer.start(db, settings));
    }

    // --- configuration -----------------------------------------------------------------------------------------

    private Config config(ExtensionContext context) {
        if (fixed != null) {
            return fixed;
        }
        Class<?> testClass = context.getRequiredTestClass();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<RomaLocalTest> a = AnnotationSupport.findAnnotation(c, RomaLocalTest.class);
            if (a.isPresent()) {
                return Config.of(a.get());
            }
        }
        throw new ExtensionConfigurationException("RomaLocalExtension: register it with RomaLocalExtension.builder()"
                + "...build() in a @RegisterExtension field, or annotate " + testClass.getName()
                + " with @RomaLocalTest");
    }

    private static List<Map<String, Object>> fixtures(Config config, ExtensionContext context, String project) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> doc : config.fixtures) {
            Map<String, Object> d = new LinkedHashMap<>(doc);
            d.putIfAbsent("project_id", project);
            out.add(d);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            classes.add(0, c);
        }
        for (Class<?> c : classes) {
            out.addAll(annotated(c, project));
        }
        context.getTestMethod().ifPresent(m -> out.addAll(annotated(m, project)));
        // The same instance named twice (on the class and on the method): the later one wins.
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> d : out) {
            String key = d.get("project_id") + "/" + d.get("id");
            byKey.remove(key);
            byKey.put(key, d);
        }
        return new ArrayList<>(byKey.values());
    }

    private static List<Map<String, Object>> annotated(AnnotatedElement element, String project) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RomaInstance i : AnnotationSupport.findRepeatableAnnotations(element, RomaInstance.class)) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (!i.json().isBlank()) {
                try {
                    d.putAll(JSON.readValue(i.json(), new TypeReference<Map<String, Object>>() { }));
                } catch (Exception e) {
                    throw new ExtensionConfigurationException("@RomaInstance(id = \"" + i.id() + "\") on " + element
                            + ": json is not a JSON object: " + e.getMessage(), e);
                }
            }
            d.put("project_id", i.projectId().isBlank() ? project : i.projectId());
            d.put("id", i.id());
            d.put("status", i.status());
            if (!i.spec().isBlank()) {
                d.put("spec", i.spec());
            }
            if (!i.name().isBlank()) {
                d.put("instance_name", i.name());
            }
            out.add(d);
        }
        return out;
    }

    /** What the builder or the annotation chose. */
    private record Config(String key, Scope scope, boolean reset, String profile, boolean pausedClock,
                          String jdbcUrl, String jdbcUser, String jdbcPassword,
                          UnaryOperator<Settings.Builder> settings, List<Map<String, Object>> fixtures) {
        static Config of(RomaLocalTest a) {
            return new Config("server", a.scope(), a.reset(), a.profile().isBlank() ? null : a.profile(),
                    a.pausedClock(), a.jdbcUrl().isBlank() ? null : a.jdbcUrl(), a.jdbcUser(), a.jdbcPassword(),
                    UnaryOperator.identity(), List.of());
        }
    }

    /** Configures a {@link RomaLocalExtension}; every choice has a default. */
    public static final class Builder {
        private Scope scope = Scope.PER_CLASS;
        private boolean reset = true;
        private String profile;
        private boolean pausedClock;
        private String jdbcUrl;
        private String jdbcUser = "postgres";
        private String jdbcPassword = "";
        private UnaryOperator<Settings.Builder> settings = UnaryOperator.identity();
        private final List<Map<String, Object>> fixtures = new ArrayList<>();

        private Builder() {
        }

        /** One server for every test of the class (the default). */
        public Builder perClass() {
            scope = Scope.PER_CLASS;
            return this;
        }

        /** A new server for each test (slower: a start each; tests of a class may then run in parallel). */
        public Builder perMethod() {
            scope = Scope.PER_METHOD;
            return this;
        }

        public Builder scope(Scope v) {
            scope = Objects.requireNonNull(v, "scope");
            return this;
        }

        /** Reset the state before each test that is not the first on its server (default true). */
        public Builder resetBetweenTests(boolean v) {
            reset = v;
            return this;
        }

        /** The lifecycle profile: {@code instant}, {@code fast} (the server's default), {@code realistic}, or seconds. */
        public Builder lifecycleProfile(String v) {
            profile = Objects.requireNonNull(v, "profile");
            return this;
        }

        /** Pause the lifecycle clock before each test: nothing moves until the test advances it. */
        public Builder pausedClock() {
            pausedClock = true;
            return this;
        }

        /** The embedded H2 store in a temporary directory (the default, unless {@code roma.local.jdbc.url} is set). */
        public Builder h2() {
            jdbcUrl = null;
            return this;
        }

        /**
         * This database instead of H2, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}: each server gets a fresh
         * schema of it, dropped when the server stops.
         */
        public Builder jdbc(String url, String user, String password) {
            jdbcUrl = Objects.requireNonNull(url, "url");
            jdbcUser = user;
            jdbcPassword = password;
            return this;
        }

        /** Changes any other setting of the server ({@code s -> s.instanceQuota(3).accessMode(...)}). */
        public Builder settings(UnaryOperator<Settings.Builder> v) {
            UnaryOperator<Settings.Builder> before = settings;
            Objects.requireNonNull(v, "settings");
            settings = b -> v.apply(before.apply(b));
            return this;
        }

        /** An instance put in place before each test, in the built-in project. */
        public Builder instance(String id, String status, String spec) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", Objects.requireNonNull(id, "id"));
            d.put("status", Objects.requireNonNull(status, "status"));
            if (spec != null) {
                d.put("spec", spec);
            }
            fixtures.add(d);
            return this;
        }

        /**
         * An instance document put in place before each test (an APIC-detail document with {@code id}; without
         * {@code project_id} it goes to the built-in project).
         */
        public Builder instance(Map<String, ?> document) {
            if (!(document.get("id") instanceof String)) {
                throw new IllegalArgumentException("an instance document needs an \"id\": " + document);
            }
            fixtures.add(new LinkedHashMap<>(document));
            return this;
        }

        public RomaLocalExtension build() {
            return new RomaLocalExtension(new Config("server", scope, reset, profile, pausedClock, jdbcUrl, jdbcUser,
                    jdbcPassword, settings, fixtures.stream()
                    .map(d -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(d))).toList()));
        }
    }
}
