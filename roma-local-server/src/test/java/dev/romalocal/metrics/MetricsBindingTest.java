package dev.romalocal.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The JVM's meters are bound after the server listens: a scrape never misses them, and never waits forever. */
class MetricsBindingTest {

    @Test
    void aScrapeBeforeTheBindingStartedStillHasTheJvmMeters() {
        try (Metrics m = new Metrics()) {
            assertThat(m.scrape()).contains("jvm_memory_used_bytes").contains("jvm_gc_").contains("process_uptime");
        }
    }

    @Test
    void aScrapeAfterCloseAnswersWhetherOrNotTheBindingEverStarted() {
        Metrics never = new Metrics();
        never.close();
        assertTimeoutPreemptively(Duration.ofSeconds(10), never::scrape);
        Metrics bound = new Metrics();
        bound.bindJvmInBackground();
        bound.close();
        assertTimeoutPreemptively(Duration.ofSeconds(10), bound::scrape);
    }
}
