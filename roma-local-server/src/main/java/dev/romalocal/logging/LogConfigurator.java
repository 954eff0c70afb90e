package dev.romalocal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging set up in code: one line per event on stdout ({@link OneLineLayout}), root level from
 * {@code ROMA_LOCAL_LOG_LEVEL} (default INFO), the access log from {@code ROMA_LOCAL_ACCESS_LOG} (INFO or OFF),
 * libraries at WARN. Measured: Logback's XML configuration took about half a second of a start; this takes
 * a few milliseconds. A {@code -Dlogback.configurationFile=...} or a {@code logback-test.xml} on the class path
 * still wins (the XML configurator runs instead).
 *
 * <p>It is the executable's configuration only: the shade step registers it (src/exec/META-INF/services) in
 * {@code target/roma-local.jar}. The module's library jar registers nothing, so an application or test that
 * embeds the server keeps its own logging configuration.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    private static final String[] QUIET = {"com.zaxxer.hikari", "org.flywaydb", "io.netty", "io.vertx", "org.jdbi",
            "org.hibernate.validator"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        OneLineLayout layout = new OneLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("ROMA_LOCAL_LOG_LEVEL"), Level.INFO));
        root.addAppender(console);
        for (String quiet : QUIET) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        context.getLogger("access").setLevel(Level.toLevel(System.getenv("ROMA_LOCAL_ACCESS_LOG"), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
