package dev.romalocal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Locale;

/**
 * Logging set up in code: one line per event on stdout, as text ({@link OneLineLayout}) or, with
 * {@code ROMA_LOCAL_LOG_FORMAT=json} ({@code serve --log-format json}), as one JSON object per line
 * ({@link JsonLineLayout}); root level from {@code ROMA_LOCAL_LOG_LEVEL} (default INFO), the access log (logger
 * {@value #ACCESS}) from {@code ROMA_LOCAL_ACCESS_LOG} (INFO or OFF) through its own buffered appender
 * ({@link BatchedStdoutAppender}), libraries at WARN. Measured: Logback's XML configuration took about half a second
 * of a start; this takes a few milliseconds. A {@code -Dlogback.configurationFile=...} or a {@code logback-test.xml}
 * on the class path still wins (the XML configurator runs instead).
 *
 * <p>It is the executable's configuration only: the shade step registers it (src/exec/META-INF/services) in
 * {@code target/roma-local.jar}. The module's library jar registers nothing, so an application or test that
 * embeds the server keeps its own logging configuration.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** The access log's logger (api.AccessLog). */
    static final String ACCESS = "dev.romalocal.access";
    private static final String[] QUIET = {"com.zaxxer.hikari", "org.flywaydb", "io.netty", "io.vertx", "org.jdbi",
            "org.hibernate.validator"};
    /** The log formats: {@code text} (the default) and {@code json}. */
    public static final java.util.List<String> FORMATS = java.util.List.of("text", "json");
    /** Whether this configurator (rather than an XML file) set up the context. */
    private static volatile boolean active;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        setUp(context, System.getenv("ROMA_LOCAL_LOG_FORMAT"));
        active = true;
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Switches the executable's log format ({@code serve --log-format}), when this configurator is in charge and
     * the format differs from the environment's. Returns false when it is not in charge (an XML configuration, or
     * another SLF4J binding).
     */
    public static boolean useFormat(String format) {
        // Initializes Logback first, if nothing has logged yet (which runs configure).
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) || !active) {
            return false;
        }
        if (json(format) != json(System.getenv("ROMA_LOCAL_LOG_FORMAT"))) {
            context.reset();
            setUp(context, format);
        }
        return true;
    }

    private static boolean json(String format) {
        return format != null && format.trim().toLowerCase(Locale.ROOT).equals("json");
    }

    private static void setUp(LoggerContext context, String format) {
        boolean json = json(format);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setName("STDOUT");
        start(context, console, json);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("ROMA_LOCAL_LOG_LEVEL"), Level.INFO));
        root.addAppender(console);
        for (String quiet : QUIET) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        BatchedStdoutAppender batched = new BatchedStdoutAppender();
        batched.setName("ACCESS");
        start(context, batched, json);
        ch.qos.logback.classic.Logger access = context.getLogger(ACCESS);
        access.setLevel(Level.toLevel(System.getenv("ROMA_LOCAL_ACCESS_LOG"), Level.INFO));
        access.setAdditive(false);
        access.addAppender(batched);
    }

    private static void start(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender, boolean json) {
        Layout<ILoggingEvent> layout = json ? new JsonLineLayout() : new OneLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
    }
}
