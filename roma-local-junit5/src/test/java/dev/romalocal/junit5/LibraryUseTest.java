package dev.romalocal.junit5;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as a library: it logs through SLF4J into the test's own binding (here Logback, configured by this
 * module's logback-test.xml), registers no logging configuration of its own, and starts with Settings.builder().
 */
class LibraryUseTest {

    @Test
    void theServerLogsThroughTheTestsOwnBinding() {
        assertThat(RomaLocal.class.getClassLoader()
                .getResource("META-INF/services/ch.qos.logback.classic.spi.Configurator"))
                .as("only the executable jar registers the server's logging configuration").isNull();
        Logger logger = (Logger) LoggerFactory.getLogger(RomaLocal.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(captured);
        try (RomaLocalServer server = RomaLocalServer.start(s -> s.lifecycleProfile("instant"))) {
            assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("listening on " + server.endpoint()));
        } finally {
            logger.detachAppender(captured);
            logger.setAdditive(true);
            logger.setLevel(before);
        }
    }

    @Test
    void settingsHaveABuilderWithTheCommandLinesDefaults() {
        Settings s = Settings.builder().port(0).lifecycleProfile("instant").build();
        assertThat(s.http().port()).isZero();
        assertThat(s.withPort(Settings.DEFAULT_PORT)).isEqualTo(Settings.defaults().withLifecycle(
                new Settings.Lifecycle("instant", Settings.DEFAULT_INSTANCE_QUOTA, java.util.Map.of(), 2, 1000, false)));
    }
}
