package dev.romalocal.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --health-checks}: off by default, on alone or with {@code =true}, off with {@code =false}. */
class HealthChecksFlagTest {
    static boolean parsed(String... args) {
        ServeCommand c = new ServeCommand();
        new CommandLine(c).parseArgs(args);
        return c.settings().lifecycle().healthChecks();
    }

    @Test
    void offByDefaultOnWhenGiven() {
        // The environment variable is not set in the test run (CI sets none).
        if (System.getenv("ROMA_LOCAL_HEALTH_CHECKS") == null) {
            assertThat(parsed()).isFalse();
        }
        assertThat(parsed("--health-checks")).isTrue();
        assertThat(parsed("--health-checks=true")).isTrue();
        assertThat(parsed("--health-checks=false")).isFalse();
    }
}
